// Light/dark theme: the OS preference by default, an explicit choice kept in
// localStorage. index.html sets data-theme before first paint, so the
// stylesheet has one set of dark colours ([data-theme='dark']); this module
// keeps it following the OS until the user picks a theme.
const KEY = 'stepd-theme';
const dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function stored() {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // private mode
  }
}

dark?.addEventListener?.('change', (e) => {
  if (!stored()) document.documentElement.dataset.theme = e.matches ? 'dark' : 'light';
});

export function currentTheme() {
  return document.documentElement.dataset.theme || (dark?.matches ? 'dark' : 'light');
}

export function toggleTheme() {
  const next = currentTheme() === 'dark' ? 'light' : 'dark';
  document.documentElement.dataset.theme = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  return next;
}

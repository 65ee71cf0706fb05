// The shell: header with navigation and theme toggle, then the routed page.
import { useState } from 'preact/hooks';
import { match, useLocation } from './router.js';
import { currentTheme, toggleTheme } from './theme.js';
import { StateMachinesPage } from './pages/state-machines.jsx';
import { StateMachinePage } from './pages/state-machine.jsx';
import { EditorPage } from './pages/editor.jsx';
import { ExecutionsPage } from './pages/executions.jsx';
import { ExecutionPage } from './pages/execution.jsx';
import { ActivitiesPage } from './pages/activities.jsx';
import { MapRunPage } from './pages/map-run.jsx';

function Nav({ page }) {
  const item = (id, href, label, on) => (
    <a href={href} data-testid={`nav-${id}`} class={on ? 'nav-link active' : 'nav-link'} aria-current={on ? 'page' : undefined}>
      {label}
    </a>
  );
  const [theme, setTheme] = useState(currentTheme());
  return (
    <header class="top">
      <a href="/" class="brand">
        stepd
      </a>
      <nav>
        {item('state-machines', '/state-machines', 'State machines', ['state-machines', 'state-machine', 'editor'].includes(page))}
        {item('executions', '/executions', 'Executions', ['executions', 'execution', 'map-run'].includes(page))}
        {item('activities', '/activities', 'Activities', page === 'activities')}
      </nav>
      <span class="spacer" />
      <button
        type="button"
        class="btn ghost"
        data-testid="theme-toggle"
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title="Toggle light/dark theme"
        onClick={() => setTheme(toggleTheme())}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}

export function App() {
  const loc = useLocation();
  const [pathname, search = ''] = loc.split('?');
  const route = match(pathname);
  const query = new URLSearchParams(search);
  let body;
  switch (route.page) {
    case 'state-machines':
      body = <StateMachinesPage />;
      break;
    case 'state-machine':
      body = <StateMachinePage key={route.arn} arn={route.arn} query={query} />;
      break;
    case 'editor':
      body = <EditorPage key={route.arn || 'new'} arn={route.arn} />;
      break;
    case 'executions':
      body = <ExecutionsPage query={query} />;
      break;
    case 'execution':
      body = <ExecutionPage key={route.arn} arn={route.arn} query={query} />;
      break;
    case 'map-run':
      body = <MapRunPage key={route.arn} arn={route.arn} query={query} />;
      break;
    case 'activities':
      body = <ActivitiesPage />;
      break;
    default:
      body = (
        <div class="page">
          <h1>Not found</h1>
          <p>
            No page at <code>{pathname}</code>. <a href="/">State machines</a>
          </p>
        </div>
      );
  }
  return (
    <>
      <Nav page={route.page} />
      <main>{body}</main>
    </>
  );
}

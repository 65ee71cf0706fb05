// Helpers over a parsed ASL definition.

// tryParse returns the parsed definition, or null when text is not a JSON
// object.
export function tryParse(text) {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

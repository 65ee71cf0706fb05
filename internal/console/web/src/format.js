// Formatting helpers shared by the pages. API dates are epoch seconds with a
// fraction.

export function toDate(epoch) {
  if (epoch == null || epoch === '') return null;
  return new Date(Number(epoch) * 1000);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

// formatDate renders a local date-time with milliseconds: the precision
// people compare executions by.
export function formatDate(epoch) {
  const d = toDate(epoch);
  if (!d || isNaN(d)) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

// formatDuration renders milliseconds as "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".
export function formatDuration(ms) {
  if (ms == null || isNaN(ms)) return '';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${pad(Math.floor(s % 60))} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${pad(m % 60)} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

// arnName returns the last ':'-separated part of an ARN (a name).
export function arnName(arn) {
  if (!arn) return '';
  const parts = String(arn).split(':');
  return parts[parts.length - 1];
}

// machineOfExecution derives the state machine ARN from an execution ARN
// (arn:aws:states:r:a:execution:Machine:Name → …:stateMachine:Machine).
export function machineOfExecution(arn) {
  const p = String(arn || '').split(':');
  if (p.length < 8) return '';
  return [...p.slice(0, 5), 'stateMachine', p[6]].join(':');
}

// toLocalInput / fromLocalInput convert between epoch seconds and the value
// of an <input type="datetime-local">.
export function toLocalInput(epoch) {
  const d = toDate(epoch);
  if (!d) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value) {
  if (!value) return null;
  const t = new Date(value).getTime();
  return isNaN(t) ? null : t / 1000;
}

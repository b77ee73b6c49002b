// Values of job fields as shown in cells.
const TIME_FIELDS = new Set(['creationTime', 'executeTime', 'startTime', 'completionTime']);

/** `extendedProperties.a.b` style paths; missing → undefined. */
export function valueAt(job, field) {
  let value = job;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

/** Whole seconds as H:MM:SS (like Python's timedelta, as the original showed run time). */
export function duration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateFormat.format(d);
}

/** Text of one cell. */
export function cellText(job, field) {
  const value = valueAt(job, field);
  if (value === undefined || value === null) return '';
  if (field === 'runTime') return duration(value);
  if (TIME_FIELDS.has(field)) return dateTime(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Column title from a field name when none was configured. */
export function titleFor(field) {
  const last = field.split('.').pop();
  return last.replace(/[_-]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/\b\w/g, (c) => c.toUpperCase());
}

const FIELD = /^(id|name|description|app|user|groups|jobType|status|statusCode|statusMessage|creationTime|executeTime|startTime|completionTime|runTime|workspace|attempt)$|^(extendedProperties|spec|runtime)(\.[A-Za-z0-9_-]{1,64})+$/;

/** `?columns=name,extendedProperties.a.b` from the page URL; unknown fields are left out. */
export function columnsFromQuery(raw) {
  if (!raw) return null;
  const fields = raw.split(',').map((f) => f.trim().replace(/_([a-z])/g, (_, c) => c.toUpperCase())).filter((f) => FIELD.test(f));
  return fields.length ? fields.map((field) => ({ field, title: titleFor(field) })) : null;
}

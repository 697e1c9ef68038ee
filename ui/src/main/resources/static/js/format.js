// Small helpers shared by the pages: HTML escaping, times, durations, status badges.

export function escape(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A tagged template that escapes every interpolated value unless it is marked raw(). */
export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += (value && value.__raw !== undefined) ? value.__raw
      : Array.isArray(value) ? value.map(v => (v && v.__raw !== undefined) ? v.__raw : escape(v)).join('')
      : escape(value);
    out += strings[i + 1];
  });
  return { __raw: out };
}

export function raw(text) {
  return { __raw: text };
}

export function render(element, fragment) {
  element.innerHTML = fragment.__raw;
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function number(value) {
  return value === null || value === undefined ? '—' : Number(value).toLocaleString();
}

const STATUS_LABELS = {
  SUCCESS: 'built', UP_TO_DATE: 'up to date', FAILED: 'failed', CHECK_FAILED: 'check failed', SKIPPED: 'skipped', RUNNING: 'running',
  MERGED: 'merged', BUILT_ON_DEV_BRANCH: 'built on dev branch', KEPT: 'kept', ABANDONED: 'abandoned', CANCELLED: 'cancelled',
  PASS: 'pass', WARN: 'warn', FAIL: 'fail', NEVER: 'never built',
};

export function statusLabel(status) {
  return STATUS_LABELS[status] || String(status || 'never built').toLowerCase().replace(/_/g, ' ');
}

export function badge(status) {
  const value = status || 'NEVER';
  return html`<span class="badge" data-status="${value}">${statusLabel(value)}</span>`;
}

/** A table of rows (objects column → value), the columns those of the rows in order of appearance. */
export function rowsTable(rows, className = 'small') {
  if (!rows || rows.length === 0) return html`<div class="muted">no rows</div>`;
  const columns = [];
  rows.forEach(row => Object.keys(row || {}).forEach(column => { if (!columns.includes(column)) columns.push(column); }));
  return html`<div class="scroll-x"><table class="${className}"><thead><tr>${columns.map(c => html`<th>${c}</th>`)}</tr></thead>
    <tbody>${rows.map(row => html`<tr>${columns.map(c => html`<td class="mono">${cell(row ? row[c] : null)}</td>`)}</tr>`)}</tbody></table></div>`;
}

function cell(value) {
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A failing-row sample as the API gives it: a list of rows, or that list as JSON text, or plain text. */
export function sampleTable(sample) {
  if (sample === null || sample === undefined || sample === '' || (Array.isArray(sample) && sample.length === 0)) return html``;
  let rows = sample;
  if (typeof sample === 'string') {
    try {
      rows = JSON.parse(sample);
    } catch (e) {
      return html`<pre class="mono">${sample}</pre>`;
    }
  }
  if (Array.isArray(rows) && rows.every(row => row && typeof row === 'object' && !Array.isArray(row))) return rowsTable(rows);
  return html`<pre class="mono">${JSON.stringify(rows, null, 2)}</pre>`;
}

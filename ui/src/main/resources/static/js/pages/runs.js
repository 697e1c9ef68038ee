// The runs: newest first, filtered by status, paged with "older".
import { api } from '../api.js';
import { html, render, badge, duration, time } from '../format.js';

const STATUSES = ['RUNNING', 'MERGED', 'BUILT_ON_DEV_BRANCH', 'KEPT', 'FAILED', 'ABANDONED', 'CANCELLED'];
const PAGE = 50;

export function mount(container) {
  render(container, html`<div class="page">
    <h1>Runs</h1>
    <p class="subtitle">Every run of the project, from the command line, this page, the API or a schedule.</p>
    <div class="toolbar">
      <label for="run-status-filter" class="muted">Status</label>
      <select id="run-status-filter"><option value="">all</option>${STATUSES.map(s => html`<option value="${s}">${s.toLowerCase().replace(/_/g, ' ')}</option>`)}</select>
    </div>
    <div id="runs-table"></div>
    <div class="toolbar"><button type="button" id="runs-newer" hidden>Newest</button><button type="button" id="runs-older" hidden>Older</button></div>
  </div>`);
  const filter = container.querySelector('#run-status-filter');
  const older = container.querySelector('#runs-older');
  const newer = container.querySelector('#runs-newer');
  let stopped = false;
  let before = null;

  async function load() {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (filter.value) query.set('status', filter.value);
    if (before) query.set('before', before);
    try {
      const runs = await api.get(`/api/runs?${query}`);
      if (stopped) return;
      show(container.querySelector('#runs-table'), runs);
      older.hidden = runs.length < PAGE;
      older.onclick = () => { before = runs[runs.length - 1].startedAt; load(); };
      newer.hidden = before === null;
    } catch (e) {
      container.querySelector('#runs-table').innerHTML = '<div class="empty">The runs could not be loaded.</div>';
    }
  }
  filter.addEventListener('change', () => { before = null; load(); });
  newer.addEventListener('click', () => { before = null; load(); });
  load();
  return () => { stopped = true; };
}

function show(element, runs) {
  if (runs.length === 0) {
    render(element, html`<div class="empty">No runs yet. Materialize an asset from the lineage, or run <code>strata materialize</code>.</div>`);
    return;
  }
  render(element, runsTable(runs));
}

/** A table of runs (table#runs, a row tr[data-run=ID] each), as the runs page and a schedule's page show them. */
export function runsTable(runs) {
  return html`<table id="runs"><thead><tr><th>Run</th><th>Status</th><th>Trigger</th><th>Selection</th><th>Started</th><th class="num">Duration</th>
      <th class="num" title="built">Built</th><th class="num" title="up to date">Up to date</th><th class="num">Failed</th><th class="num">Skipped</th><th class="num">Checks failed</th><th>Branch</th></tr></thead>
    <tbody>${runs.map(run => html`<tr data-run="${run.id}">
      <td><a class="mono" href="#/runs/${encodeURIComponent(run.id)}">${run.id}</a></td>
      <td>${badge(run.status)}</td>
      <td>${triggerCell(run.trigger)}</td>
      <td class="mono">${run.selection || 'all'}</td>
      <td>${time(run.startedAt)}</td>
      <td class="num">${duration(run.durationMs)}</td>
      <td class="num">${run.built}</td><td class="num">${run.upToDate}</td><td class="num">${run.failed}</td><td class="num">${run.skipped}</td><td class="num">${run.checksFailed}</td>
      <td>${branchCell(run)}</td></tr>`)}</tbody></table>`;
}

/** Who started a run; a schedule's or sensor's trigger (schedule:NAME, sensor:NAME) links to its page. */
export function triggerCell(trigger) {
  const scheduled = /^(schedule|sensor):(.+)$/.exec(trigger || '');
  return scheduled ? html`<a href="#/schedules/${encodeURIComponent(scheduled[2])}">${trigger}</a>` : html`${trigger}`;
}

export function branchCell(run) {
  if (run.mergedCommit) return html`<span class="muted">merged</span> <span class="mono">${run.mergedCommit.slice(0, 10)}</span>`;
  if (run.status === 'KEPT' || run.status === 'BUILT_ON_DEV_BRANCH' || run.status === 'FAILED') {
    return html`<a class="mono" href="#/branches/${encodeURIComponent(run.branch)}">${run.branch}</a> <span class="muted">kept</span>`;
  }
  return html`<span class="mono muted">${run.branch || ''}</span>`;
}

// One run: its status, a timeline of its assets, its checks and its log, live while it goes.
import { api, assetHash } from '../api.js';
import { html, render, badge, duration, time, number, sampleTable } from '../format.js';
import { branchCell, triggerCell } from './runs.js';

const BAR_COLOURS = { SUCCESS: '#16a34a', UP_TO_DATE: '#84a98c', FAILED: '#dc2626', CHECK_FAILED: '#ea7c0c', SKIPPED: '#9ca3af', RUNNING: '#2563eb' };

export function mount(container, id) {
  render(container, html`<div class="page">
    <div class="toolbar" style="justify-content:space-between">
      <h1>Run <span class="mono">${id}</span> <span id="run-status" data-status=""></span></h1>
      <button type="button" id="cancel-run" class="danger" hidden>Cancel</button>
    </div>
    <dl class="facts" id="run-facts"></dl>
    <h2>Timeline</h2>
    <div id="gantt"><div class="muted">Loading…</div></div>
    <h2>Checks</h2>
    <div id="run-checks"></div>
    <h2>Log</h2>
    <pre id="run-log"></pre>
  </div>`);
  let stopped = false;
  let source = null;
  let lastSeq = 0;
  const log = container.querySelector('#run-log');
  const cancel = container.querySelector('#cancel-run');

  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await api.post(`/api/runs/${encodeURIComponent(id)}/cancel`);
    } catch (e) {
      cancel.disabled = false;
    }
  });

  function append(event) {
    if (event.seq !== undefined && event.seq <= lastSeq) return;
    if (event.seq !== undefined) lastSeq = event.seq;
    const stick = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
    const line = document.createElement('span');
    line.className = `line ${event.level || ''}`;
    const at = document.createElement('span');
    at.className = 'at';
    at.textContent = `${event.at ? new Date(event.at).toLocaleTimeString() : ''} `;
    line.append(at, `${event.level || ''} ${event.asset ? '[' + event.asset + '] ' : ''}${event.message}`);
    log.append(line);
    if (stick) log.scrollTop = log.scrollHeight;
  }

  async function loadEvents() {
    // The log so far, page by page; the live stream carries on from there.
    const limit = 500;
    for (let page = 0; page < 200 && !stopped; page++) {
      const answer = await api.get(`/api/runs/${encodeURIComponent(id)}/events?after=${lastSeq}&limit=${limit}`);
      const events = answer.events || [];
      events.forEach(append);
      if (events.length < limit) break;
    }
  }

  async function load() {
    const detail = await api.get(`/api/runs/${encodeURIComponent(id)}`);
    if (stopped) return null;
    show(container, detail);
    cancel.hidden = detail.run.status !== 'RUNNING';
    cancel.disabled = false;
    return detail;
  }

  function stream() {
    source = new EventSource(`/api/runs/${encodeURIComponent(id)}/stream?after=${lastSeq}`);
    source.addEventListener('log', message => {
      try {
        append(JSON.parse(message.data));
      } catch (e) {
        console.warn('a log event that is not JSON', message.data);
      }
      scheduleReload();
    });
    source.addEventListener('end', () => {
      source.close();
      source = null;
      // Whatever was logged between the first read of the log and the stream's start, then the run as it ended.
      loadEvents().then(load).catch(() => {});
    });
    source.onerror = () => {
      // The browser reconnects by itself while the run goes; once it ended the server closes the stream.
      if (source && source.readyState === EventSource.CLOSED) source = null;
    };
  }

  let reload = 0;
  function scheduleReload() {
    if (reload) return;
    reload = setTimeout(() => { reload = 0; if (!stopped) load().catch(() => {}); }, 1000);
  }

  load().then(async detail => {
    if (!detail) return;
    await loadEvents();
    if (!stopped && detail.run.status === 'RUNNING') stream();
  }).catch(error => {
    container.querySelector('#gantt').innerHTML = '';
    render(container.querySelector('#run-facts'), html`<div class="empty">${error.message}</div>`);
  });

  return () => {
    stopped = true;
    clearTimeout(reload);
    if (source) source.close();
  };
}

/** The assets a run selected: a few by name, more as a count that opens to the list. */
function selection(text) {
  const keys = (text || '').split(' ').filter(key => key);
  if (keys.length === 0) return 'all';
  if (keys.length <= 4) return html`<span class="mono">${keys.join(' ')}</span>`;
  return html`<details><summary>${keys.length} assets</summary><div class="mono">${keys.join(' ')}</div></details>`;
}

function show(container, detail) {
  const run = detail.run;
  const status = container.querySelector('#run-status');
  status.dataset.status = run.status;
  render(status, badge(run.status));
  render(container.querySelector('#run-facts'), html`
    <div><dt>Trigger</dt><dd>${triggerCell(run.trigger)}</dd></div>
    <div><dt>Selection</dt><dd>${selection(run.selection)}</dd></div>
    <div><dt>Started</dt><dd>${time(run.startedAt)}</dd></div>
    <div><dt>Duration</dt><dd>${run.durationMs === null || run.durationMs === undefined ? (run.status === 'RUNNING' ? 'running…' : '—') : duration(run.durationMs)}</dd></div>
    <div><dt>Branch</dt><dd>${branchCell(run)}</dd></div>
    <div><dt>Assets</dt><dd>${run.built} built · ${run.upToDate} up to date · ${run.failed} failed · ${run.skipped} skipped · ${run.checksFailed} checks failed</dd></div>
    ${run.reason ? html`<div style="grid-column:1/-1"><dt>Why it was not merged</dt><dd>${run.reason}</dd></div>` : ''}`);
  renderGantt(container.querySelector('#gantt'), detail.assets || [], run);
  const checks = detail.checks || [];
  render(container.querySelector('#run-checks'), checks.length ? html`<table id="checks"><thead><tr><th>Check</th><th>Asset</th><th>Outcome</th><th class="num">Failing rows</th><th>Sample or error</th></tr></thead><tbody>
    ${checks.map(c => html`<tr><td class="mono">${c.name}</td><td><a class="mono" href="${assetHash(c.asset)}">${c.asset}</a></td><td>${badge(c.outcome)}</td>
      <td class="num">${number(c.failures)}</td><td>${c.error ? html`<div class="mono removed">${c.error}</div>` : ''}${sampleTable(c.sample)}</td></tr>`)}
  </tbody></table>` : html`<div class="empty">No checks ran.</div>`);
}

function renderGantt(element, assets, run) {
  const timed = assets.filter(a => a.startedAt);
  if (assets.length === 0) {
    render(element, html`<div class="muted">No assets yet.</div>`);
    return;
  }
  const now = Date.now();
  const start = Math.min(...timed.map(a => Date.parse(a.startedAt)), run.startedAt ? Date.parse(run.startedAt) : now);
  const end = Math.max(...timed.map(a => a.finishedAt ? Date.parse(a.finishedAt) : now), start + 1);
  const span = end - start;
  const ordered = [...assets].sort((a, b) => (a.startedAt ? Date.parse(a.startedAt) : Infinity) - (b.startedAt ? Date.parse(b.startedAt) : Infinity));
  render(element, html`${ordered.map(a => {
    const from = a.startedAt ? Date.parse(a.startedAt) : null;
    const to = a.finishedAt ? Date.parse(a.finishedAt) : (a.status === 'RUNNING' ? now : from);
    const left = from === null ? 0 : (from - start) / span * 100;
    const width = from === null ? 0 : Math.max(0.3, (to - from) / span * 100);
    return html`<div class="gantt-row" data-asset="${a.key}" data-status="${a.status}">
      <a class="name mono" href="${assetHash(a.key)}" title="${a.key}">${a.key}</a>
      <div class="gantt-track">${from === null ? '' : html`<div class="gantt-bar" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%;background:${BAR_COLOURS[a.status] || '#9ca3af'}" title="${a.status}: ${duration(a.durationMs)}${a.error ? ' — ' + a.error : ''}"></div>`}</div>
      <span class="time">${a.status === 'SKIPPED' ? 'skipped' : duration(a.durationMs)}</span></div>`;
  })}`);
}

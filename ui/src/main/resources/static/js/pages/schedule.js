// One schedule or sensor: where it stands, trigger, pause and resume, and the history of its runs.
import { api } from '../api.js';
import { html, render, time } from '../format.js';
import { runsTable } from './runs.js';
import { act, actions, lastRun, lastTick, selection, stateBadge } from './schedules.js';

const PAGE = 50;

export function mount(container, name) {
  render(container, html`<div class="page">
    <div class="toolbar" style="justify-content:space-between">
      <div><h1><span id="schedule-kind">Schedule</span> <span class="mono">${name}</span></h1>
        <p class="subtitle" style="margin:0"><a href="#/schedules">All schedules and sensors</a></p></div>
      <div id="schedule-actions"></div>
    </div>
    <dl class="facts" id="schedule-facts"><div class="muted">Loading…</div></dl>
    <h2>Runs</h2>
    <div id="schedule-runs"><p class="muted">Loading…</p></div>
    <div class="toolbar"><button type="button" id="schedule-runs-newer" hidden>Newest</button><button type="button" id="schedule-runs-older" hidden>Older</button></div>
  </div>`);
  let stopped = false;
  let trigger = null;
  let before = null;
  const older = container.querySelector('#schedule-runs-older');
  const newer = container.querySelector('#schedule-runs-newer');

  async function load() {
    try {
      const schedules = await api.get('/api/schedules');
      if (stopped) return;
      const schedule = schedules.find(s => s.name === name);
      if (!schedule) {
        render(container.querySelector('#schedule-facts'), html`<div class="empty">The project file declares no schedule or sensor named ${name}.
          <a href="#/schedules">See those it declares</a>.</div>`);
        container.querySelector('#schedule-runs').innerHTML = '';
        return;
      }
      showSchedule(schedule);
      if (trigger === null) {
        trigger = schedule.trigger;
        loadRuns();
      }
    } catch (error) {
      if (!stopped) render(container.querySelector('#schedule-facts'), html`<div class="empty">${error.message}</div>`);
    }
  }

  function showSchedule(s) {
    container.querySelector('#schedule-kind').textContent = s.kind === 'SENSOR' ? 'Sensor' : 'Schedule';
    render(container.querySelector('#schedule-actions'), actions(s));
    render(container.querySelector('#schedule-facts'), html`
      <div><dt>State</dt><dd id="schedule-state">${stateBadge(s)}</dd></div>
      <div><dt>Timing</dt><dd class="mono">${s.timing}</dd></div>
      <div><dt>Selection</dt><dd class="mono">${selection(s.select)}</dd></div>
      <div><dt>Trigger</dt><dd class="mono">${s.trigger}</dd></div>
      <div><dt>Next fire</dt><dd>${time(s.nextFire)}</dd></div>
      <div><dt>Last run</dt><dd>${lastRun(s.lastRun)}</dd></div>
      <div><dt>Last tick</dt><dd>${lastTick(s.lastTick)}</dd></div>`);
  }

  async function loadRuns() {
    const query = new URLSearchParams({ trigger, limit: String(PAGE) });
    if (before) query.set('before', before);
    try {
      const runs = await api.get(`/api/runs?${query}`);
      if (stopped) return;
      render(container.querySelector('#schedule-runs'), runs.length === 0 && before === null
        ? html`<div class="empty">No run of ${name} yet.</div>` : runsTable(runs));
      older.hidden = runs.length < PAGE;
      older.onclick = () => { before = runs[runs.length - 1].startedAt; loadRuns(); };
      newer.hidden = before === null;
    } catch (error) {
      if (!stopped) render(container.querySelector('#schedule-runs'), html`<div class="empty">${error.message}</div>`);
    }
  }
  newer.addEventListener('click', () => { before = null; loadRuns(); });
  container.querySelector('#schedule-actions').addEventListener('click', event => {
    const button = event.target.closest('button[data-action]');
    if (button) act(button, status => { if (!stopped) showSchedule(status); });
  });
  load();
  return () => { stopped = true; };
}

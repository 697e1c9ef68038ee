// The schedules and sensors of the project file: when each fires, its last run and tick, with trigger, pause and resume.
import { api } from '../api.js';
import { html, render, badge, time } from '../format.js';

export function mount(container) {
  render(container, html`<div class="page">
    <h1>Schedules</h1>
    <p class="subtitle">The schedules and sensors of the project file (<code>schedules:</code> and <code>sensors:</code> in strata.yml).
      A paused one fires on no server until it is resumed; Trigger runs its selection now.</p>
    <div id="schedules-table"><p class="muted">Loading…</p></div>
  </div>`);
  let stopped = false;
  const element = container.querySelector('#schedules-table');

  async function load() {
    try {
      const schedules = await api.get('/api/schedules');
      if (!stopped) show(element, schedules);
    } catch (error) {
      if (!stopped) render(element, html`<div class="empty">${error.message}</div>`);
    }
  }
  element.addEventListener('click', event => {
    const button = event.target.closest('button[data-action]');
    if (button) act(button, () => { if (!stopped) load(); });
  });
  load();
  return () => { stopped = true; };
}

function show(element, schedules) {
  if (schedules.length === 0) {
    render(element, html`<div class="empty">The project file declares no schedule or sensor. Add <code>schedules:</code>
      (a cron and a selection) or <code>sensors:</code> (an ingest asset to watch) to strata.yml.</div>`);
    return;
  }
  render(element, html`<table id="schedules"><thead><tr><th>Name</th><th>Kind</th><th>Timing</th><th>Selection</th><th>State</th><th>Next fire</th>
      <th>Last run</th><th>Last tick</th><th></th></tr></thead>
    <tbody>${schedules.map(s => html`<tr data-schedule="${s.name}" data-state="${state(s)}">
      <td><a class="mono" href="${scheduleHash(s.name)}">${s.name}</a></td>
      <td>${s.kind.toLowerCase()}</td>
      <td class="mono">${s.timing}</td>
      <td class="mono">${selection(s.select)}</td>
      <td>${stateBadge(s)}</td>
      <td>${time(s.nextFire)}</td>
      <td>${lastRun(s.lastRun)}</td>
      <td>${lastTick(s.lastTick)}</td>
      <td class="actions">${actions(s)}</td></tr>`)}</tbody></table>`);
}

/** The page of a schedule or sensor: #/schedules/NAME. */
export function scheduleHash(name) {
  return `#/schedules/${encodeURIComponent(name)}`;
}

/** enabled, paused or disabled (in the project file). */
export function state(schedule) {
  return !schedule.enabled ? 'disabled' : schedule.paused ? 'paused' : 'enabled';
}

export function stateBadge(schedule) {
  const value = state(schedule);
  return html`<span class="badge schedule-state" data-state="${value}">${value}</span>`;
}

export function selection(select) {
  return select && select.trim() ? select : 'everything';
}

export function lastRun(run) {
  if (!run) return html`<span class="muted">none yet</span>`;
  return html`<a class="mono" href="#/runs/${encodeURIComponent(run.id)}">${run.id}</a> ${badge(run.status)} <span class="muted">${time(run.startedAt)}</span>`;
}

export function lastTick(tick) {
  if (!tick) return html`<span class="muted">none in this server</span>`;
  return html`<span class="tick" data-outcome="${tick.outcome}">${tick.outcome.toLowerCase()}</span> <span class="muted">${time(tick.at)}</span>
    <div>${tick.message}</div>`;
}

/** Trigger, and Pause or Resume: found by tests as button[data-action="pause"][data-schedule="NAME"]. */
export function actions(schedule) {
  return html`<div class="toolbar" style="margin:0;flex-wrap:nowrap">
    <button type="button" data-action="trigger" data-schedule="${schedule.name}" title="Run its selection now">Trigger</button>
    ${schedule.paused
      ? html`<button type="button" data-action="resume" data-schedule="${schedule.name}">Resume</button>`
      : html`<button type="button" data-action="pause" data-schedule="${schedule.name}">Pause</button>`}
  </div>`;
}

/**
 * Does what a button of actions() says. Trigger opens the new run's page; pause and resume hand the new status to
 * changed(). A refusal (a run of it still going: 409) is shown in the message bar.
 */
export async function act(button, changed) {
  const name = button.dataset.schedule;
  const action = button.dataset.action;
  const path = `/api/schedules/${encodeURIComponent(name)}/${action}`;
  button.disabled = true;
  try {
    const answer = await api.post(path);
    if (action === 'trigger') {
      location.hash = `#/runs/${encodeURIComponent(answer.id)}`;
    } else {
      changed(answer);
    }
  } catch (error) {
    // The message bar says why.
  } finally {
    button.disabled = false;
  }
}

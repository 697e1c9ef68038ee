// The branches kept by runs that did not merge, and dev branches: each with its run and why it was kept.
import { api } from '../api.js';
import { html, render, badge, time } from '../format.js';

export function mount(container) {
  render(container, html`<div class="page">
    <h1>Branches</h1>
    <p class="subtitle">A run builds on its own branch and merges into main when every error check passes. The branches below were kept: review one, then merge or drop it.</p>
    <div id="branches-table"><p class="muted">Loading…</p></div>
  </div>`);
  let stopped = false;
  api.get('/api/branches').then(branches => {
    if (stopped) return;
    const element = container.querySelector('#branches-table');
    if (branches.length === 0) {
      render(element, html`<div class="empty">No branch besides main. Runs that merged leave none behind.</div>`);
      return;
    }
    render(element, html`<table id="branches"><thead><tr><th>Branch</th><th>Run</th><th>Run status</th><th>Started</th><th>Why it was not merged</th><th>Head</th><th></th></tr></thead><tbody>
      ${branches.map(b => html`<tr data-branch="${b.name}">
        <td><a class="mono" href="#/branches/${encodeURIComponent(b.name)}">${b.name}</a>${b.runBranch ? '' : html` <span class="muted">dev</span>`}</td>
        <td>${b.run ? html`<a class="mono" href="#/runs/${encodeURIComponent(b.run.id)}">${b.run.id}</a>` : '—'}</td>
        <td>${b.run ? badge(b.run.status) : '—'}</td>
        <td>${b.run ? time(b.run.startedAt) : '—'}</td>
        <td>${b.run && b.run.reason ? b.run.reason : html`<span class="muted">—</span>`}</td>
        <td class="mono muted">${(b.hash || '').slice(0, 10)}</td>
        <td><a href="#/branches/${encodeURIComponent(b.name)}">Review →</a></td></tr>`)}
    </tbody></table>`);
  }).catch(error => {
    if (!stopped) render(container.querySelector('#branches-table'), html`<div class="empty">${error.message}</div>`);
  });
  return () => { stopped = true; };
}

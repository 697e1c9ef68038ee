// A branch's review against main, asset by asset, with merge and drop.
import { api, assetHash } from '../api.js';
import { html, render, badge, number, rowsTable, sampleTable } from '../format.js';

export function mount(container, name) {
  render(container, html`<div class="page">
    <div class="toolbar" style="justify-content:space-between">
      <div><h1>Branch <span class="mono">${name}</span></h1><p class="subtitle" style="margin:0">What this branch changed against main.</p></div>
      <div class="toolbar">
        <button type="button" id="merge-branch" class="primary">Merge into main</button>
        <button type="button" id="drop-branch" class="danger">Drop</button>
      </div>
    </div>
    <div id="branch-message" role="status"></div>
    <div id="branch-review"><p class="muted">Comparing with main…</p></div>
  </div>`);
  let stopped = false;
  const message = container.querySelector('#branch-message');
  const say = (text, error = false) => {
    message.textContent = text;
    message.classList.toggle('error', error);
  };
  const path = `/api/branches/${encodeURIComponent(name)}`;

  container.querySelector('#merge-branch').addEventListener('click', async event => {
    const button = event.target;
    button.disabled = true;
    say('Merging…');
    try {
      const result = await api.post(`${path}/merge`, {}, { quiet: true });
      say(`Merged ${result.branch || name} into main${result.commit ? ' at ' + String(result.commit).slice(0, 12) : ''}.`);
      container.querySelector('#drop-branch').disabled = true;
    } catch (error) {
      say(error.body && error.body.error === 'checks_failed' ? `Not merged: ${error.message}` : `Not merged: ${error.message}`, true);
      button.disabled = false;
    }
  });
  container.querySelector('#drop-branch').addEventListener('click', async event => {
    if (!confirm(`Drop the branch ${name}? Its data will no longer be reachable.`)) return;
    const button = event.target;
    button.disabled = true;
    try {
      await api.delete(path, { quiet: true });
      say(`Dropped ${name}.`);
      container.querySelector('#merge-branch').disabled = true;
    } catch (error) {
      say(`Not dropped: ${error.message}`, true);
      button.disabled = false;
    }
  });

  api.get(`${path}/diff?limit=10`).then(diff => {
    if (!stopped) show(container.querySelector('#branch-review'), diff);
  }).catch(error => {
    if (!stopped) render(container.querySelector('#branch-review'), html`<div class="empty">${error.message}</div>`);
  });
  return () => { stopped = true; };
}

function show(element, diff) {
  const assets = diff.assets || [];
  if (assets.length === 0) {
    render(element, html`<div class="empty">This branch changed nothing against main.</div>`);
    return;
  }
  render(element, html`${assets.map(asset => assetDiff(asset))}`);
}

function assetDiff(asset) {
  const key = keyText(asset.key);
  const rows = asset.rows || null;
  const columns = asset.columns || [];
  const checks = asset.checks || [];
  return html`<section class="diff-asset" data-asset="${key}">
    <h3><a class="mono" href="${assetHash(key)}">${key}</a> <span class="badge" data-status="${asset.status === 'NEW' ? 'PASS' : asset.status === 'REMOVED' ? 'FAIL' : 'WARN'}">${String(asset.status || '').toLowerCase()}</span>
      <span class="muted" style="font-weight:400">${asset.materialization || ''} ${relationText(asset.relation)}</span></h3>
    <div class="row-counts">
      <span>rows on main <b>${count(asset.mainRows)}</b></span>
      <span>rows on the branch <b>${count(asset.branchRows)}</b></span>
      ${rows ? html`<span class="added">+${number(rows.added)} added</span><span class="removed">−${number(rows.removed)} removed</span><span class="changed">~${number(rows.changed)} changed</span>
        <span class="muted">${rows.key && rows.key.length ? `matched by ${rows.key.join(', ')}` : 'whole rows compared'}</span>` : ''}
    </div>
    ${columns.length ? html`<h4>Schema</h4><table class="small"><thead><tr><th>Column</th><th>Change</th><th>On main</th><th>On the branch</th></tr></thead><tbody>
      ${columns.map(c => {
        const main = optional(c.mainType), branch = optional(c.branchType);
        const change = main === null ? 'added' : branch === null ? 'removed' : 'retyped';
        return html`<tr><td class="mono">${c.column}</td><td class="${change === 'added' ? 'added' : change === 'removed' ? 'removed' : 'changed'}">${change}</td><td class="mono">${main ?? '—'}</td><td class="mono">${branch ?? '—'}</td></tr>`;
      })}</tbody></table>` : ''}
    ${rows && rows.samples && rows.samples.length ? html`<h4>Samples</h4>${samples(rows.samples)}` : ''}
    ${checks.length ? html`<h4>Checks on the branch</h4><table class="small"><thead><tr><th>Check</th><th>Outcome</th><th class="num">Failing rows</th><th>Sample or error</th></tr></thead><tbody>
      ${checks.map(c => html`<tr><td class="mono">${c.name}</td><td>${badge(c.outcome)}</td><td class="num">${number(c.failures)}</td>
        <td>${optional(c.error) ? html`<div class="mono removed">${optional(c.error)}</div>` : ''}${sampleTable(c.sample)}</td></tr>`)}</tbody></table>` : ''}
  </section>`;
}

function samples(list) {
  const groups = { ADDED: [], REMOVED: [], CHANGED: [] };
  list.forEach(sample => (groups[sample.change] || (groups[sample.change] = [])).push(sample));
  return html`${Object.entries(groups).filter(([, items]) => items.length).map(([change, items]) => html`
    <div class="${change === 'ADDED' ? 'added' : change === 'REMOVED' ? 'removed' : 'changed'}" style="margin-top:6px;font-weight:600">${change.toLowerCase()}</div>
    ${change === 'CHANGED'
      ? rowsTable(items.flatMap(s => [{ side: 'main', ...(s.main || {}) }, { side: 'branch', ...(s.branch || {}) }]))
      : rowsTable(items.map(s => change === 'ADDED' ? s.branch : s.main))}`)}`;
}

/** The API may give Optional values as the value, as null, or as {present, value}: read all three. */
function optional(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'present' in value) return value.present ? value.value : null;
  return value;
}

function count(value) {
  const v = optional(value);
  return v === null || (typeof v === 'object' && v.isPresent === false) ? '—' : number(typeof v === 'object' && 'asLong' in v ? v.asLong : v);
}

function keyText(key) {
  if (!key) return '';
  if (typeof key === 'string') return key;
  if (Array.isArray(key.path)) return key.path.join('/');
  return String(key);
}

function relationText(relation) {
  if (!relation) return '';
  if (typeof relation === 'string') return relation;
  return Object.values(relation).filter(v => typeof v === 'string').join('.');
}

// An asset's page: what it is, its columns and SQL, its checks with their last results, its history.
import { api, materialize, assetPath, assetHash } from '../api.js';
import { html, raw, render, badge, duration, time, number, sampleTable, escape } from '../format.js';

export function mount(container, key) {
  render(container, html`<div class="page"><p class="muted">Loading ${key}…</p></div>`);
  let stopped = false;
  api.get(assetPath(key)).then(asset => {
    if (stopped) return;
    show(container, asset);
    if (asset.partitions) {
      api.get(`${assetPath(key)}/partitions`).then(states => {
        if (!stopped) showPartitions(container.querySelector('#asset-partitions'), asset, states);
      }, error => {
        if (!stopped) render(container.querySelector('#asset-partitions'), html`<div class="empty">Partitions: ${error.message}</div>`);
      });
    }
    return api.get(`${assetPath(key)}/columns`).then(lineage => {
      if (!stopped) showColumns(container.querySelector('#asset-columns'), asset, lineage);
    }, error => {
      if (!stopped) render(container.querySelector('#asset-columns'), html`<div class="empty">Column lineage: ${error.message}</div>`);
    });
  }).catch(error => {
    if (!stopped) render(container, html`<div class="page"><h1>${key}</h1><div class="empty">${error.message}</div></div>`);
  });
  return () => { stopped = true; };
}

function show(container, asset) {
  const history = asset.history || [];
  const checks = asset.checks || [];
  const columns = asset.columns || [];
  render(container, html`<div class="page">
    <div class="toolbar" style="justify-content:space-between">
      <div>
        <h1>${asset.name} ${badge(asset.status ? asset.status.status : null)}</h1>
        <div class="muted mono">${asset.key}</div>
      </div>
      <div class="toolbar">
        <button type="button" id="materialize" class="primary">Materialize</button>
        <button type="button" id="materialize-upstream">Materialize + upstream</button>
        <button type="button" id="materialize-downstream">Materialize + downstream</button>
      </div>
    </div>
    <p class="subtitle">${asset.description || raw('<span class="muted">No description.</span>')}</p>
    <dl class="facts">
      <div><dt>Kind</dt><dd>${asset.kind}</dd></div>
      <div><dt>Layer</dt><dd>${asset.layer || '—'}</dd></div>
      <div><dt>Materialization</dt><dd>${asset.materialization}</dd></div>
      <div><dt>Relation</dt><dd class="mono">${asset.relation || '—'}</dd></div>
      <div><dt>Defined in</dt><dd class="mono">${asset.file || '—'}${asset.line ? ':' + asset.line : ''}</dd></div>
      <div><dt>Last status</dt><dd>${asset.status ? html`${badge(asset.status.status)} <a href="#/runs/${encodeURIComponent(asset.status.runId || '')}">${time(asset.status.at)}</a>` : '—'}</dd></div>
      <div><dt>Tags</dt><dd>${(asset.tags || []).join(', ') || '—'}</dd></div>
    </dl>
    <dl class="facts">
      <div><dt>Upstream</dt><dd>${links(asset.upstream)}</dd></div>
      <div><dt>Downstream</dt><dd>${links(asset.downstream)}</dd></div>
    </dl>

    <h2>Columns</h2>
    <div id="asset-columns">${documented(columns)}<p class="muted">Reading column lineage…</p></div>

    ${asset.partitions ? html`<h2>Partitions</h2>
    <p class="muted mono">${asset.partitions}</p>
    <div id="asset-partitions"><p class="muted">Reading partitions…</p></div>` : ''}

    <h2>SQL</h2>
    ${asset.compiledSql || asset.sourceSql ? html`<div class="tabs" role="tablist">
        ${asset.compiledSql ? html`<button type="button" data-tab="compiled" class="active">Compiled</button>` : ''}
        ${asset.sourceSql ? html`<button type="button" data-tab="source" class="${asset.compiledSql ? '' : 'active'}">Source</button>` : ''}
      </div>
      <pre class="sql" id="sql">${asset.compiledSql || asset.sourceSql}</pre>` : html`<div class="empty">This asset has no SQL.</div>`}

    <h2>Checks</h2>
    ${checks.length ? html`<table><thead><tr><th>Check</th><th>Severity</th><th>Last result</th><th class="num">Failing rows</th><th>Run</th></tr></thead><tbody>
      ${checks.map(check => checkRow(check))}
    </tbody></table>` : html`<div class="empty">No checks.</div>`}

    <h2>History</h2>
    ${history.length ? html`<div class="chart" id="history-chart">${raw(chart(history))}</div>
      <table style="margin-top:12px"><thead><tr><th>Run</th><th>Started</th><th>Trigger</th><th>Status</th><th>Run status</th><th class="num">Rows</th><th class="num">Duration</th><th>Error</th></tr></thead><tbody>
      ${history.map(h => html`<tr><td><a class="mono" href="#/runs/${encodeURIComponent(h.runId)}">${h.runId}</a></td><td>${time(h.startedAt)}</td><td>${h.trigger || ''}</td>
        <td>${badge(h.status)}</td><td>${badge(h.runStatus)}</td><td class="num">${number(h.rows)}</td><td class="num">${duration(h.durationMs)}</td><td class="mono">${h.error || ''}</td></tr>`)}
    </tbody></table>` : html`<div class="empty">Never materialized.</div>`}
  </div>`);

  container.querySelectorAll('[data-tab]').forEach(tab => tab.addEventListener('click', () => {
    container.querySelectorAll('[data-tab]').forEach(other => other.classList.toggle('active', other === tab));
    container.querySelector('#sql').textContent = tab.dataset.tab === 'compiled' ? asset.compiledSql : asset.sourceSql;
  }));
  const run = (id, select) => {
    const button = container.querySelector(id);
    button.onclick = () => {
      button.disabled = true;
      materialize(select).catch(() => { button.disabled = false; });
    };
  };
  run('#materialize', asset.key);
  run('#materialize-upstream', `+${asset.key}`);
  run('#materialize-downstream', `${asset.key}+`);
}

/**
 * The partitions on main (GET /api/assets/KEY/partitions): one cell per partition coloured by its state, the ranges
 * in words, and a backfill of a range (the first cell clicked starts it, the second ends it) on one branch.
 */
function showPartitions(element, asset, states) {
  const partitions = states.partitions;
  if (!partitions.length) {
    render(element, html`<div class="empty">No partition has ended yet.</div>`);
    return;
  }
  const count = status => partitions.filter(p => p.status === status).length;
  render(element, html`<div class="partition-grid" id="partition-grid">
      ${partitions.map(p => html`<button type="button" class="partition" data-key="${p.key}" data-status="${p.status}" title="${partitionTitle(p)}"></button>`)}
    </div>
    <p id="partition-summary">${partitions.length} partitions: ${count('BUILT')} built, ${count('STALE')} stale, ${count('MISSING')} missing
      <span class="muted">(${states.ranges.map(r => `${r.first === r.last ? r.first : r.first + '..' + r.last} ${r.status.toLowerCase()}`).join('; ')})</span></p>
    <div class="toolbar">
      <label>From <select id="backfill-from">${partitions.map(p => html`<option>${p.key}</option>`)}</select></label>
      <label>to <select id="backfill-to">${partitions.map(p => html`<option>${p.key}</option>`)}</select></label>
      <button type="button" id="backfill">Backfill on one branch</button>
    </div>`);
  const from = element.querySelector('#backfill-from');
  const to = element.querySelector('#backfill-to');
  to.value = partitions[partitions.length - 1].key;
  let picking = 'from';
  element.querySelectorAll('.partition').forEach(cell => cell.addEventListener('click', () => {
    (picking === 'from' ? from : to).value = cell.dataset.key;
    if (picking === 'from' && to.selectedIndex < from.selectedIndex) to.value = cell.dataset.key;
    picking = picking === 'from' ? 'to' : 'from';
  }));
  const button = element.querySelector('#backfill');
  button.onclick = () => {
    button.disabled = true;
    materialize(asset.key, { from: from.value, to: to.value }).catch(() => { button.disabled = false; });
  };
}

/** A partition cell's tooltip: its key, state and the merged run that last changed it on main. */
function partitionTitle(p) {
  const run = p.lastRun ? ` (last merged ${p.lastMerged.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')} by run ${p.lastRun})` : '';
  return `${p.key}: ${p.status.toLowerCase()}${run}`;
}

/** The columns the YAML documents. */
function documented(columns) {
  return columns.length ? html`<table><thead><tr><th>Name</th><th>Type</th><th>Description</th></tr></thead><tbody>
      ${columns.map(c => html`<tr><td class="mono">${c.name}</td><td class="mono">${c.type || '—'}</td><td>${c.description || ''}</td></tr>`)}
    </tbody></table>` : html`<div class="empty">No columns documented.</div>`;
}

/**
 * The asset's columns from its SQL (GET /api/assets/KEY/columns), each with the columns it derives from, linked to
 * their assets' pages; when they are not known, the page says so and shows the documented ones.
 */
function showColumns(element, asset, lineage) {
  const warnings = lineage.warnings.length ? html`<ul class="muted" id="column-warnings">${lineage.warnings.map(w => html`<li>${w}</li>`)}</ul>` : '';
  if (lineage.columns === null) {
    render(element, html`<div class="empty" id="columns-unknown">The columns of ${asset.key} are not known${lineage.warnings.length ? html`:${warnings}` : html`: ${unknownWhy(asset.kind)}`}</div>
      ${asset.columns.length ? html`<h3>Documented</h3>${documented(asset.columns)}` : ''}`);
    return;
  }
  if (lineage.columns.length === 0) {
    render(element, html`<div class="empty">No columns.</div>${warnings}`);
    return;
  }
  render(element, html`<table id="columns"><thead><tr><th>Name</th><th>Type</th><th>Derives from</th><th>Description</th></tr></thead><tbody>
      ${lineage.columns.map(c => html`<tr data-column="${c.name}"><td class="mono">${c.name}</td><td class="mono">${c.type || '—'}</td>
        <td>${c.upstream.length ? html`<ul class="upstream">${c.upstream.map(upstreamItem)}</ul>` : html`<span class="muted">${origin(asset.kind)}</span>`}</td>
        <td>${c.description || ''}</td></tr>`)}
    </tbody></table>${warnings}`);
}

function upstreamItem(up) {
  return html`<li data-upstream="${up.asset}.${up.column}" data-derivation="${up.derivation}"><a class="mono" href="${assetHash(up.asset)}">${up.asset}</a><span class="mono">.${up.column}</span>
    <span class="derivation muted">${up.derivation}</span></li>`;
}

/** What a column without upstream columns is, by the asset's kind (as strata lineage says it). */
function origin(kind) {
  return kind === 'model' ? 'no column (a constant, or count(*))' : `lineage starts here: a column of ${({ source: 'a source table', seed: 'a seed', ingest: 'an ingest asset', code: 'a Java asset' })[kind] || 'this asset'}`;
}

/** Why a column-less asset without warnings has no known columns (a model's reason is among its warnings). */
function unknownWhy(kind) {
  return kind === 'model'
    ? 'its YAML declares no columns.'
    : 'declare them under columns: in its YAML (an ingest asset: freeze its schema with strata infer-schema).';
}

function links(keys) {
  if (!keys || keys.length === 0) return '—';
  return raw(keys.map(key => `<a class="mono" href="${escape(assetHash(key))}">${escape(key)}</a>`).join(', '));
}

function checkRow(check) {
  const result = check.lastResult;
  return html`<tr><td class="mono">${check.name}</td><td>${check.severity || '—'}</td>
    <td>${result ? badge(result.outcome) : html`<span class="muted">not run</span>`}${result && result.error ? html`<div class="mono removed">${result.error}</div>` : ''}
      ${result ? sampleTable(result.sample) : ''}</td>
    <td class="num">${result ? number(result.failures) : '—'}</td>
    <td>${result && result.runId ? html`<a class="mono" href="#/runs/${encodeURIComponent(result.runId)}">${result.runId}</a>` : '—'}</td></tr>`;
}

/** Rows (bars) and duration (line) of the last runs, oldest on the left, as inline SVG. */
function chart(history) {
  const points = history.slice(0, 30).reverse();
  const width = 760, height = 150, left = 52, right = 52, top = 12, bottom = 24;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const maxRows = Math.max(1, ...points.map(p => p.rows || 0));
  const maxMillis = Math.max(1, ...points.map(p => p.durationMs || 0));
  const step = plotWidth / points.length;
  const colour = status => ({ SUCCESS: '#16a34a', UP_TO_DATE: '#84a98c', FAILED: '#dc2626', CHECK_FAILED: '#ea7c0c', RUNNING: '#2563eb' }[status] || '#9ca3af');
  let svg = `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="Rows and duration of the last runs">`;
  svg += `<line x1="${left}" y1="${top + plotHeight}" x2="${width - right}" y2="${top + plotHeight}" stroke="#e2e8f0"/>`;
  points.forEach((p, i) => {
    const barHeight = (p.rows || 0) / maxRows * plotHeight;
    svg += `<rect x="${left + i * step + step * 0.15}" y="${top + plotHeight - barHeight}" width="${step * 0.7}" height="${barHeight}" fill="${colour(p.status)}" opacity="0.55"><title>${escape(p.runId)}: ${escape(number(p.rows))} rows, ${escape(duration(p.durationMs))}</title></rect>`;
  });
  const line = points.map((p, i) => `${left + i * step + step / 2},${top + plotHeight - (p.durationMs || 0) / maxMillis * plotHeight}`).join(' ');
  svg += `<polyline points="${line}" fill="none" stroke="#1e293b" stroke-width="1.5"/>`;
  points.forEach((p, i) => {
    svg += `<circle cx="${left + i * step + step / 2}" cy="${top + plotHeight - (p.durationMs || 0) / maxMillis * plotHeight}" r="2.5" fill="#1e293b"/>`;
  });
  svg += `<text x="${left - 6}" y="${top + 8}" text-anchor="end">${escape(number(maxRows))}</text><text x="${left - 6}" y="${top + plotHeight}" text-anchor="end">0</text>`;
  svg += `<text x="${width - right + 6}" y="${top + 8}">${escape(duration(maxMillis))}</text><text x="${width - right + 6}" y="${top + plotHeight}">0</text>`;
  svg += `<text x="${left}" y="${height - 6}">bars: rows (coloured by status) · line: duration · last ${points.length} runs, oldest first</text>`;
  return svg + '</svg>';
}

// The lineage page: every asset at the server's positions, coloured by its latest status (polled every 2 s).
import { api, materialize, showMessage, clearMessage, assetHash, assetPath } from '../api.js';
import { html, render, badge } from '../format.js';
import { LineageCanvas, STATUS_COLOURS } from '../lineage-canvas.js';
import { search } from '../app.js';

const POLL_MILLIS = 2000;
const LEGEND = [['SUCCESS', 'built'], ['UP_TO_DATE', 'up to date'], ['RUNNING', 'running'], ['FAILED', 'failed'], ['CHECK_FAILED', 'check failed'],
  ['SKIPPED', 'skipped'], ['NEVER', 'never built']];

/** What a browser test reads instead of pixels. */
const state = window.strataGraph = window.strataGraph || {};

export function mount(container) {
  Object.assign(state, { ready: false, nodeCount: 0, select: () => false, statusOf: () => null });
  render(container, html`<div class="graph-page">
    <div id="graph" tabindex="0" aria-label="Lineage graph"></div>
    <div class="graph-info" id="graph-info">Loading the lineage…</div>
    <button type="button" class="primary graph-materialize-all" id="materialize-all" title="Build every asset on a run branch; merged into main when every check passes">Materialize all</button>
    <div class="legend">${LEGEND.map(([status, label]) => html`<span><i style="background:${STATUS_COLOURS[status].fill};border-color:${STATUS_COLOURS[status].stroke}"></i>${label}</span>`)}</div>
    <div class="graph-controls">
      <button type="button" id="zoom-in" title="Zoom in">+</button>
      <button type="button" id="zoom-out" title="Zoom out">−</button>
      <button type="button" id="zoom-fit" title="Fit the whole graph">⤢</button>
    </div>
    <aside id="asset-panel" hidden></aside>
  </div>`);
  let canvas = null;
  let stopped = false;
  let timer = 0;
  let pollFailing = false;

  const statuses = api.get('/api/status', { quiet: true }).catch(() => null);
  api.get('/api/graph').then(graph => {
    if (stopped) return;
    performance.mark('strata-graph-data');
    canvas = new LineageCanvas(container.querySelector('#graph'), graph, {
      onSelect: node => showPanel(container, node, canvas),
      onOpen: node => { location.hash = assetHash(node.key); },
    });
    canvas.afterDraw = () => {
      // A canvas records its drawing and rasterises it later: reading a pixel makes it rasterise now, and the
      // frame after this one shows it.
      canvas.context.getImageData(0, 0, 1, 1);
      requestAnimationFrame(() => {
        performance.mark('strata-graph-painted');
        state.ready = true;
      });
    };
    const info = container.querySelector('#graph-info');
    const counts = `${canvas.count.toLocaleString()} assets · ${canvas.edgeCount.toLocaleString()} edges`;
    let hidden = null;
    canvas.onDrawn = () => {
      if (hidden === canvas.edgesHidden) return;
      hidden = canvas.edgesHidden;
      info.textContent = hidden ? `${counts} — edges hidden at this zoom: zoom in, or select an asset to see its lineage` : counts;
    };
    Object.assign(state, {
      nodeCount: canvas.count,
      edgeCount: canvas.edgeCount,
      select: key => canvas.select(key),
      statusOf: key => canvas.statusOf(key),
      zoomBy: factor => canvas.zoomBy(factor),
      panBy: (dx, dy) => canvas.panBy(dx, dy),
      fit: () => canvas.fit(),
      stats: canvas.stats,
      onNextDraw: callback => { canvas.afterDraw = callback; },
      litKeys: () => canvas.litKeys(),
      column: () => canvas.column,
    });
    container.querySelector('#materialize-all').onclick = () => materialize(null).catch(() => {}); // the message bar already says why
    container.querySelector('#zoom-in').onclick = () => canvas.zoomBy(1.4);
    container.querySelector('#zoom-out').onclick = () => canvas.zoomBy(1 / 1.4);
    container.querySelector('#zoom-fit').onclick = () => canvas.fit();
    search.handler = (text, go) => {
      const found = canvas.search(text);
      if (go && found.length) {
        canvas.select(found[0]);
        canvas.centre(found[0]);
      } else if (go && text.trim()) {
        showMessage(`No asset matches “${text.trim()}”.`, 'info');
      }
    };
    if (search.pending) {
      document.getElementById('search').value = search.pending;
      search.handler(search.pending, true);
      search.pending = '';
    }
    statuses.then(answer => { if (answer && !stopped) apply(answer); });
    document.addEventListener('keydown', onKey);
    timer = setTimeout(poll, POLL_MILLIS);
  }).catch(() => {
    container.querySelector('#graph-info').textContent = 'The lineage could not be loaded.';
  });

  // Escape clears the selection; + and - zoom, 0 fits (unless typing in a field).
  function onKey(event) {
    if (!canvas || (event.target instanceof Element && event.target.closest('input, textarea, select'))) return;
    if (event.key === 'Escape') canvas.select(null);
    else if (event.key === '+' || event.key === '=') canvas.zoomBy(1.4);
    else if (event.key === '-') canvas.zoomBy(1 / 1.4);
    else if (event.key === '0') canvas.fit();
  }

  function apply(answer) {
    canvas.setStatuses(answer.assets || {});
    if (canvas.selected >= 0) showPanel(container, canvas.graph.nodes[canvas.selected], canvas);
  }

  async function poll() {
    if (stopped) return;
    try {
      apply(await api.get('/api/status', { quiet: true }));
      if (pollFailing) clearMessage();
      pollFailing = false;
    } catch (e) {
      if (!pollFailing) showMessage(`Live status stopped: ${e.message}`);
      pollFailing = true;
    }
    if (!stopped) timer = setTimeout(poll, POLL_MILLIS);
  }

  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('keydown', onKey);
    if (canvas) canvas.destroy();
    state.ready = false;
  };
}

function showPanel(container, node, canvas) {
  const panel = container.querySelector('#asset-panel');
  if (!node) {
    panel.hidden = true;
    return;
  }
  const status = canvas.statusOf(node.key);
  if (!panel.hidden && panel.dataset.key === node.key && panel.dataset.status === status) return;
  panel.dataset.key = node.key;
  panel.dataset.status = status;
  render(panel, html`<button type="button" class="close" id="panel-close" aria-label="Close">×</button>
    <h2>${node.name}</h2>
    <div class="key">${node.key}</div>
    <dl class="facts">
      <div><dt>Kind</dt><dd>${node.kind}</dd></div>
      <div><dt>Layer</dt><dd>${node.layer || '—'}</dd></div>
      <div><dt>Materialization</dt><dd>${node.materialization}</dd></div>
      <div><dt>Status</dt><dd>${badge(status === 'NEVER' ? null : status)}</dd></div>
    </dl>
    <div class="actions">
      <button type="button" id="panel-open">Open</button>
      <button type="button" id="panel-materialize" class="primary">Materialize</button>
      <button type="button" id="panel-upstream" title="Materialize with everything upstream">+ upstream</button>
      <button type="button" id="panel-downstream" title="Materialize with everything downstream">+ downstream</button>
    </div>
    <label class="panel-column">Column lineage <select id="panel-column" disabled><option value="">reading columns…</option></select></label>
    <div id="panel-column-lineage"></div>`);
  panel.hidden = false;
  columnChooser(panel, node, canvas);
  panel.querySelector('#panel-close').onclick = () => canvas.select(null);
  panel.querySelector('#panel-open').onclick = () => { location.hash = assetHash(node.key); };
  const run = (button, select) => {
    button.disabled = true;
    materialize(select).catch(() => { button.disabled = false; });
  };
  panel.querySelector('#panel-materialize').onclick = event => run(event.target, node.key);
  panel.querySelector('#panel-upstream').onclick = event => run(event.target, `+${node.key}`);
  panel.querySelector('#panel-downstream').onclick = event => run(event.target, `${node.key}+`);
}

/**
 * The panel's column chooser: picking a column of the selected asset lights the path of its lineage across assets
 * (upstream and downstream, GET /api/assets/KEY/columns/COLUMN/lineage) and lists its derivations; the blank choice
 * goes back to the asset's lineage.
 */
function columnChooser(panel, node, canvas) {
  const chooser = panel.querySelector('#panel-column');
  const list = panel.querySelector('#panel-column-lineage');
  api.get(`${assetPath(node.key)}/columns`).then(answer => {
    if (panel.dataset.key !== node.key) return;
    if (answer.columns === null || answer.columns.length === 0) {
      render(chooser, html`<option value="">${answer.columns === null ? 'columns not known' : 'no columns'}</option>`);
      return;
    }
    render(chooser, html`<option value="">— the asset's lineage —</option>${answer.columns.map(c => html`<option value="${c.name}">${c.name}</option>`)}`);
    chooser.disabled = false;
    const shown = canvas.column && canvas.column.startsWith(`${node.key}.`) ? canvas.column.substring(node.key.length + 1) : '';
    if (shown) {
      chooser.value = shown;
      showColumn(shown);
    }
  }).catch(() => render(chooser, html`<option value="">columns not available</option>`));
  chooser.onchange = () => {
    if (chooser.value) showColumn(chooser.value);
    else {
      list.textContent = '';
      canvas.select(node.key);
    }
  };

  function showColumn(column) {
    api.get(`${assetPath(node.key)}/columns/${encodeURIComponent(column)}/lineage?direction=both`).then(lineage => {
      if (panel.dataset.key !== node.key || chooser.value !== column) return;
      const assetOf = new Map(lineage.columns.map(c => [c.id, c.asset]));
      canvas.showColumn(lineage.column, lineage.columns.map(c => c.asset),
        lineage.edges.map(e => ({ fromAsset: assetOf.get(e.from), toAsset: assetOf.get(e.to) })));
      render(list, lineage.edges.length
        ? html`<ul class="column-edges">${lineage.edges.map(e => html`<li data-edge="${e.from}>${e.to}"><span class="mono">${e.from}</span> → <span class="mono">${e.to}</span> <span class="muted">${e.derivation}</span></li>`)}</ul>`
        : html`<p class="muted">No column derives from it, and it derives from none.</p>`);
    }).catch(() => {}); // the message bar says why
  }
}

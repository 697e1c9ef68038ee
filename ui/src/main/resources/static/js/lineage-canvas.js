// Draws the lineage graph on one <canvas> at the server's positions. Built for 10,000 assets and 30,000 edges:
// only what lies in the viewport is drawn (a grid index over the nodes, a bounding-box test per edge), with less
// detail the further out the zoom (rectangles without text, straight edges), and a frame is drawn only when
// something changed. Assets running now pulse, which redraws ~20 times a second while one is in view.

export const STATUS_COLOURS = {
  SUCCESS: { fill: '#dcfce7', stroke: '#16a34a' },
  UP_TO_DATE: { fill: '#e6efe8', stroke: '#84a98c' },
  FAILED: { fill: '#fee2e2', stroke: '#dc2626' },
  CHECK_FAILED: { fill: '#ffedd5', stroke: '#ea7c0c' },
  SKIPPED: { fill: '#f1f5f9', stroke: '#9ca3af' },
  RUNNING: { fill: '#dbeafe', stroke: '#2563eb' },
  NEVER: { fill: '#ffffff', stroke: '#94a3b8' },
};
const STATUS_CODES = ['NEVER', 'SUCCESS', 'UP_TO_DATE', 'FAILED', 'CHECK_FAILED', 'SKIPPED', 'RUNNING'];
const RUNNING = STATUS_CODES.indexOf('RUNNING');
const LANE_FILLS = { bronze: '#fbf4ee', silver: '#f3f5f8', gold: '#fdf9e7' };
const LANE_INKS = { bronze: '#9a5b2e', silver: '#556274', gold: '#8a6d06' };
const CELL = 512;
const MAX_SCALE = 3;
/** Screen pixels of edge lines drawn at most in a frame (software rasterisation takes ~0.3 µs a pixel). */
const EDGE_PIXEL_BUDGET = 400_000;

export class LineageCanvas {
  constructor(container, graph, { onSelect = () => {}, onOpen = () => {} } = {}) {
    this.container = container;
    this.graph = graph;
    this.onSelect = onSelect;
    this.onOpen = onOpen;
    this.canvas = document.createElement('canvas');
    container.appendChild(this.canvas);
    this.context = this.canvas.getContext('2d', { alpha: false });
    this.view = { scale: 1, x: 0, y: 0 };
    this.stats = { draws: 0, lastDrawMillis: 0 };
    this.selected = -1;
    this.column = null; // the column of the selected asset whose lineage is shown, 'asset.column'
    this.columnEdges = null;
    this.matches = new Set();
    this.index(graph);
    this.listen();
    this.resize();
    // Resizing clears the canvas: draw again before this frame is painted, not in the next one.
    this.resizeObserver = new ResizeObserver(() => { this.resize(); if (!this.destroyed) this.draw(); });
    this.resizeObserver.observe(container);
    this.initialView();
  }

  // ---- data ----

  index(graph) {
    const n = graph.nodes.length;
    this.count = n;
    this.keys = new Array(n);
    this.names = new Array(n);
    this.x = new Float64Array(n); this.y = new Float64Array(n); this.w = new Float64Array(n); this.h = new Float64Array(n);
    this.byKey = new Map();
    graph.nodes.forEach((node, i) => {
      this.keys[i] = node.key; this.names[i] = node.name;
      this.x[i] = node.x; this.y[i] = node.y; this.w[i] = node.width; this.h[i] = node.height;
      this.byKey.set(node.key, i);
    });
    this.status = new Uint8Array(n);
    const edges = graph.edges.filter(e => this.byKey.has(e.source) && this.byKey.has(e.target));
    this.edgeCount = edges.length;
    this.source = new Int32Array(edges.length); this.target = new Int32Array(edges.length);
    edges.forEach((e, i) => { this.source[i] = this.byKey.get(e.source); this.target[i] = this.byKey.get(e.target); });
    this.parents = adjacency(n, this.target, this.source);
    this.children = adjacency(n, this.source, this.target);
    this.grid = new Map();
    for (let i = 0; i < n; i++) {
      for (let cx = Math.floor(this.x[i] / CELL); cx <= Math.floor((this.x[i] + this.w[i]) / CELL); cx++) {
        for (let cy = Math.floor(this.y[i] / CELL); cy <= Math.floor((this.y[i] + this.h[i]) / CELL); cy++) {
          const cell = cx + ',' + cy;
          let list = this.grid.get(cell);
          if (!list) { list = []; this.grid.set(cell, list); }
          list.push(i);
        }
      }
    }
    this.labels = new Array(n);
    this.lineage = new Uint8Array(n); // 0 none selected / dimmed, 1 on the selected node's lineage, 2 the selected node
  }

  /** Sets statuses from /api/status's map of key → {status}; returns whether any changed. */
  setStatuses(byKey) {
    let changed = false;
    for (let i = 0; i < this.count; i++) {
      const entry = byKey[this.keys[i]];
      const code = Math.max(0, STATUS_CODES.indexOf(entry && entry.status ? entry.status : 'NEVER'));
      if (this.status[i] !== code) { this.status[i] = code; changed = true; }
    }
    if (changed) this.redraw();
    return changed;
  }

  statusOf(key) {
    const i = this.byKey.get(key);
    return i === undefined ? null : STATUS_CODES[this.status[i]];
  }

  select(key) {
    const i = key === null || key === undefined ? -1 : this.byKey.get(key);
    this.selected = i === undefined ? -1 : i;
    this.column = null;
    this.columnEdges = null;
    this.lineage.fill(0);
    if (this.selected >= 0) {
      walk(this.selected, this.parents, this.lineage);
      walk(this.selected, this.children, this.lineage);
      this.lineage[this.selected] = 2;
    }
    this.redraw();
    this.onSelect(this.selected >= 0 ? this.graph.nodes[this.selected] : null);
    return this.selected >= 0;
  }

  /**
   * Column view of the selected asset: lights only the assets a column's lineage reaches and the asset edges its
   * derivations cross ({@code edges}: {from, to} as 'asset.column', from GET …/columns/COLUMN/lineage). Select again to
   * leave it.
   */
  showColumn(column, assets, edges) {
    if (this.selected < 0) return false;
    this.column = column;
    this.lineage.fill(0);
    for (const key of assets) {
      const i = this.byKey.get(key);
      if (i !== undefined) this.lineage[i] = 1;
    }
    this.lineage[this.selected] = 2;
    this.columnEdges = new Set();
    for (const edge of edges) {
      const s = this.byKey.get(edge.fromAsset), t = this.byKey.get(edge.toAsset);
      if (s !== undefined && t !== undefined) this.columnEdges.add(s * this.count + t);
    }
    this.redraw();
    return true;
  }

  /** The keys of the assets lit now: the selected asset's lineage, or its column's in column view. */
  litKeys() {
    const keys = [];
    for (let i = 0; i < this.count; i++) if (this.lineage[i]) keys.push(this.keys[i]);
    return keys;
  }

  /** Marks the assets whose name or key contains the text; returns their keys, best first (names starting with it). */
  search(text) {
    this.matches = new Set();
    const query = text.trim().toLowerCase();
    if (query) {
      for (let i = 0; i < this.count; i++) {
        if (this.keys[i].toLowerCase().includes(query)) this.matches.add(i);
      }
    }
    this.redraw();
    return [...this.matches].sort((a, b) => rank(this.names[a], query) - rank(this.names[b], query) || this.keys[a].localeCompare(this.keys[b]))
      .map(i => this.keys[i]);
  }

  // ---- view ----

  resize() {
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    this.ratio = ratio;
    this.width = this.container.clientWidth;
    this.height = this.container.clientHeight;
    this.canvas.width = Math.max(1, Math.round(this.width * ratio));
    this.canvas.height = Math.max(1, Math.round(this.height * ratio));
  }

  fitScale() {
    const { width, height } = this.graph;
    return Math.min(MAX_SCALE / 3, (this.width - 40) / Math.max(width, 1), (this.height - 40) / Math.max(height, 1));
  }

  /** The whole graph: on a large one an overview of lanes and statuses, to zoom into. */
  initialView() {
    this.fit();
  }

  fit() {
    const scale = this.fitScale();
    this.view = { scale, x: (this.width - this.graph.width * scale) / 2, y: (this.height - this.graph.height * scale) / 2 };
    this.redraw();
  }

  minScale() {
    return Math.min(0.05, this.fitScale() * 0.5);
  }

  zoomBy(factor, screenX = this.width / 2, screenY = this.height / 2) {
    const scale = Math.min(MAX_SCALE, Math.max(this.minScale(), this.view.scale * factor));
    const worldX = (screenX - this.view.x) / this.view.scale;
    const worldY = (screenY - this.view.y) / this.view.scale;
    this.view = { scale, x: screenX - worldX * scale, y: screenY - worldY * scale };
    this.redraw();
  }

  panBy(dx, dy) {
    this.view = { ...this.view, x: this.view.x + dx, y: this.view.y + dy };
    this.redraw();
  }

  centre(key, scale = Math.max(this.view.scale, 0.8)) {
    const i = this.byKey.get(key);
    if (i === undefined) return;
    const s = Math.min(MAX_SCALE, scale);
    this.view = { scale: s, x: this.width / 2 - (this.x[i] + this.w[i] / 2) * s, y: this.height / 2 - (this.y[i] + this.h[i] / 2) * s };
    this.redraw();
  }

  /** The node under a point of the canvas, or -1. */
  nodeAt(screenX, screenY) {
    const wx = (screenX - this.view.x) / this.view.scale;
    const wy = (screenY - this.view.y) / this.view.scale;
    const list = this.grid.get(Math.floor(wx / CELL) + ',' + Math.floor(wy / CELL)) || [];
    for (const i of list) {
      if (wx >= this.x[i] && wx <= this.x[i] + this.w[i] && wy >= this.y[i] && wy <= this.y[i] + this.h[i]) return i;
    }
    return -1;
  }

  // ---- input ----

  listen() {
    const canvas = this.canvas;
    let drag = null;
    canvas.addEventListener('pointerdown', event => {
      drag = { x: event.clientX, y: event.clientY, moved: false };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener('pointermove', event => {
      if (!drag) {
        canvas.style.cursor = this.nodeAt(event.offsetX, event.offsetY) >= 0 ? 'pointer' : '';
        return;
      }
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      this.container.classList.add('panning');
      drag.x = event.clientX;
      drag.y = event.clientY;
      this.panBy(dx, dy);
    });
    canvas.addEventListener('pointerup', event => {
      const wasDrag = drag && drag.moved;
      drag = null;
      this.container.classList.remove('panning');
      if (!wasDrag) {
        const i = this.nodeAt(event.offsetX, event.offsetY);
        this.select(i >= 0 ? this.keys[i] : null);
      }
    });
    canvas.addEventListener('dblclick', event => {
      const i = this.nodeAt(event.offsetX, event.offsetY);
      if (i >= 0) this.onOpen(this.graph.nodes[i]);
    });
    canvas.addEventListener('wheel', event => {
      event.preventDefault();
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      this.zoomBy(Math.exp(-delta * 0.0015), event.offsetX, event.offsetY);
    }, { passive: false });
  }

  // ---- drawing ----

  redraw() {
    if (this.pending || this.destroyed) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  }

  draw() {
    const started = performance.now();
    const g = this.context;
    const { scale, x: tx, y: ty } = this.view;
    const r = this.ratio;
    g.setTransform(r, 0, 0, r, 0, 0);
    g.fillStyle = '#f8fafc';
    g.fillRect(0, 0, this.width, this.height);
    const left = -tx / scale, top = -ty / scale;
    const right = left + this.width / scale, bottom = top + this.height / scale;

    // Lanes, in world coordinates, then their labels at a fixed size on screen.
    g.setTransform(r * scale, 0, 0, r * scale, r * tx, r * ty);
    for (const lane of this.graph.lanes) {
      if (lane.y > bottom || lane.y + lane.height < top) continue;
      g.fillStyle = LANE_FILLS[lane.layer] || (lane.layer ? '#f5f3ff' : '#f8fafc');
      g.fillRect(Math.min(left, 0), lane.y, Math.max(right, this.graph.width) - Math.min(left, 0), lane.height);
      g.fillStyle = '#e2e8f0';
      g.fillRect(Math.min(left, 0), lane.y + lane.height - 1 / scale, Math.max(right, this.graph.width) - Math.min(left, 0), 1 / scale);
    }

    const dimming = this.selected >= 0;
    const visible = this.visibleNodes(left, top, right, bottom);
    this.drawEdges(g, scale, left, top, right, bottom, dimming);
    const running = this.drawNodes(g, scale, visible, dimming);

    g.setTransform(r, 0, 0, r, 0, 0);
    g.font = '600 11px system-ui, sans-serif';
    g.textBaseline = 'top';
    for (const lane of this.graph.lanes) {
      const screenTop = lane.y * scale + ty;
      if (screenTop > this.height || screenTop + lane.height * scale < 0) continue;
      g.fillStyle = LANE_INKS[lane.layer] || '#64748b';
      // The label stays in view while its lane does, and inside its lane.
      const screenBottom = screenTop + lane.height * scale;
      g.fillText((lane.layer || 'no layer').toUpperCase(), 12, Math.min(Math.max(screenTop + 9, 8), screenBottom - 18));
    }

    this.stats.draws++;
    this.stats.lastDrawMillis = performance.now() - started;
    if (running && !this.pulseTimer) {
      this.pulseTimer = setTimeout(() => { this.pulseTimer = 0; this.redraw(); }, 50);
    }
    if (this.onDrawn) this.onDrawn(this);
    if (this.afterDraw) {
      const callback = this.afterDraw;
      this.afterDraw = null;
      callback();
    }
  }

  visibleNodes(left, top, right, bottom) {
    const seen = new Uint8Array(this.count);
    const out = [];
    const cx0 = Math.floor(left / CELL), cx1 = Math.floor(right / CELL), cy0 = Math.floor(top / CELL), cy1 = Math.floor(bottom / CELL);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > this.grid.size) {
      for (let i = 0; i < this.count; i++) {
        if (this.x[i] <= right && this.x[i] + this.w[i] >= left && this.y[i] <= bottom && this.y[i] + this.h[i] >= top) out.push(i);
      }
      return out;
    }
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const list = this.grid.get(cx + ',' + cy);
        if (!list) continue;
        for (const i of list) {
          if (!seen[i]) { seen[i] = 1; out.push(i); }
        }
      }
    }
    return out;
  }

  drawEdges(g, scale, left, top, right, bottom, dimming) {
    const curved = scale >= 0.35;
    const inView = [];
    const highlighted = [];
    let length = 0;
    for (let e = 0; e < this.edgeCount; e++) {
      const s = this.source[e], t = this.target[e];
      const x1 = this.x[s] + this.w[s], y1 = this.y[s] + this.h[s] / 2;
      const x2 = this.x[t], y2 = this.y[t] + this.h[t] / 2;
      if (Math.max(x1, x2) < left || Math.min(x1, x2) > right || Math.max(y1, y2) < top || Math.min(y1, y2) > bottom) continue;
      if (dimming && this.lineage[s] && this.lineage[t] && (!this.columnEdges || this.columnEdges.has(s * this.count + t))) highlighted.push(e);
      else inView.push(e);
      length += Math.abs(x2 - x1) + Math.abs(y2 - y1);
    }
    // Rasterising lines costs by the pixel: past a budget of line length on screen (far out on a large graph) only
    // the selected asset's lineage is drawn.
    this.edgesHidden = length * scale > EDGE_PIXEL_BUDGET;
    if (!this.edgesHidden) {
      g.lineWidth = 1.2 / scale;
      g.strokeStyle = dimming ? 'rgba(148,163,184,0.18)' : (scale < 0.2 ? 'rgba(100,116,139,0.30)' : 'rgba(100,116,139,0.55)');
      g.beginPath();
      for (const e of inView) this.edgeFromTo(g, e, curved);
      g.stroke();
    }
    if (highlighted.length) {
      g.lineWidth = 2 / scale;
      g.strokeStyle = '#2563eb';
      g.beginPath();
      for (const e of highlighted) this.edgeFromTo(g, e, curved);
      g.stroke();
    }
  }

  edgeFromTo(g, e, curved) {
    const s = this.source[e], t = this.target[e];
    this.edgePath(g, this.x[s] + this.w[s], this.y[s] + this.h[s] / 2, this.x[t], this.y[t] + this.h[t] / 2, curved);
  }

  edgePath(g, x1, y1, x2, y2, curved) {
    g.moveTo(x1, y1);
    if (curved) {
      const bend = Math.max(40, (x2 - x1) / 2);
      g.bezierCurveTo(x1 + bend, y1, x2 - bend, y2, x2, y2);
    } else {
      g.lineTo(x2, y2);
    }
  }

  drawNodes(g, scale, visible, dimming) {
    const screenHeight = (this.count ? this.h[0] : 34) * scale;
    const pulse = 0.55 + 0.45 * Math.sin(performance.now() / 180);
    let running = false;
    if (screenHeight < 7) {
      // Far out: flat rectangles, one fill per status.
      const byStatus = STATUS_CODES.map(() => []);
      for (const i of visible) byStatus[this.status[i]].push(i);
      byStatus.forEach((list, code) => {
        if (!list.length) return;
        const colours = STATUS_COLOURS[STATUS_CODES[code]];
        g.fillStyle = code === 0 ? '#cbd5e1' : colours.stroke;
        for (const i of list) {
          g.globalAlpha = dimming && !this.lineage[i] ? 0.15 : (code === RUNNING ? pulse : 1);
          g.fillRect(this.x[i], this.y[i], this.w[i], this.h[i]);
        }
        if (code === RUNNING) running = true;
      });
      g.globalAlpha = 1;
      this.drawMarks(g, scale, visible);
      return running;
    }
    const detailed = screenHeight >= 16;
    g.font = '500 13px system-ui, sans-serif';
    g.textBaseline = 'middle';
    for (const i of visible) {
      const code = this.status[i];
      const colours = STATUS_COLOURS[STATUS_CODES[code]];
      const x = this.x[i], y = this.y[i], w = this.w[i], h = this.h[i];
      g.globalAlpha = dimming && !this.lineage[i] ? 0.18 : 1;
      g.fillStyle = colours.fill;
      g.strokeStyle = colours.stroke;
      g.lineWidth = (this.lineage[i] === 2 ? 2.5 : 1.2) / scale;
      if (detailed) {
        roundedRect(g, x, y, w, h, 6);
        g.fill();
        g.stroke();
        g.fillStyle = colours.stroke;
        if (code === RUNNING) { g.globalAlpha *= pulse; running = true; }
        g.fillRect(x + 1, y + 6, 4, h - 12);
        g.globalAlpha = dimming && !this.lineage[i] ? 0.18 : 1;
        g.fillStyle = '#0f172a';
        g.fillText(this.label(g, i, w - 22), x + 12, y + h / 2);
      } else {
        if (code === RUNNING) { g.globalAlpha *= pulse; running = true; }
        g.fillRect(x, y, w, h);
        g.strokeRect(x, y, w, h);
      }
    }
    g.globalAlpha = 1;
    this.drawMarks(g, scale, visible);
    return running;
  }

  /** Search matches and the selected node, outlined so they show at any zoom. */
  drawMarks(g, scale, visible) {
    if (this.matches.size) {
      g.strokeStyle = '#eab308';
      g.lineWidth = Math.max(3 / scale, 2);
      g.beginPath();
      for (const i of visible) if (this.matches.has(i)) g.rect(this.x[i] - 3 / scale, this.y[i] - 3 / scale, this.w[i] + 6 / scale, this.h[i] + 6 / scale);
      g.stroke();
    }
    if (this.selected >= 0) {
      const i = this.selected;
      g.strokeStyle = '#1d4ed8';
      g.lineWidth = 2.5 / scale;
      g.strokeRect(this.x[i] - 4 / scale, this.y[i] - 4 / scale, this.w[i] + 8 / scale, this.h[i] + 8 / scale);
    }
  }

  label(g, i, room) {
    let text = this.labels[i];
    if (text === undefined) {
      text = this.names[i];
      if (g.measureText(text).width > room) {
        while (text.length > 1 && g.measureText(text + '…').width > room) text = text.slice(0, -1);
        text += '…';
      }
      this.labels[i] = text;
    }
    return text;
  }

  destroy() {
    this.destroyed = true;
    if (this.pending) cancelAnimationFrame(this.pending);
    clearTimeout(this.pulseTimer);
    this.resizeObserver.disconnect();
  }
}

function adjacency(n, from, to) {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < from.length; e++) start[from[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const list = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) list[fill[from[e]]++] = to[e];
  return { start, list };
}

function walk(origin, { start, list }, mark) {
  const stack = [origin];
  while (stack.length) {
    const i = stack.pop();
    for (let k = start[i]; k < start[i + 1]; k++) {
      const next = list[k];
      if (!mark[next]) { mark[next] = 1; stack.push(next); }
    }
  }
}

function rank(name, query) {
  const lower = name.toLowerCase();
  return lower === query ? 0 : lower.startsWith(query) ? 1 : lower.includes(query) ? 2 : 3;
}

function roundedRect(g, x, y, w, h, radius) {
  g.beginPath();
  g.moveTo(x + radius, y);
  g.arcTo(x + w, y, x + w, y + h, radius);
  g.arcTo(x + w, y + h, x, y + h, radius);
  g.arcTo(x, y + h, x, y, radius);
  g.arcTo(x, y, x + w, y, radius);
  g.closePath();
}

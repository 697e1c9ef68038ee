// The single-page app: hash routes to pages, the top bar, the search box.
import { api, clearMessage, showMessage } from './api.js';
import * as graphPage from './pages/graph.js';
import * as assetPage from './pages/asset.js';
import * as runsPage from './pages/runs.js';
import * as runPage from './pages/run.js';
import * as branchesPage from './pages/branches.js';
import * as branchPage from './pages/branch.js';
import * as schedulesPage from './pages/schedules.js';
import * as schedulePage from './pages/schedule.js';

const ROUTES = [
  { pattern: /^\/?$/, name: 'graph', nav: 'graph', page: graphPage },
  { pattern: /^\/assets\/(.+)$/, name: 'asset', nav: 'graph', page: assetPage },
  { pattern: /^\/runs\/?$/, name: 'runs', nav: 'runs', page: runsPage },
  { pattern: /^\/runs\/([^/]+)$/, name: 'run', nav: 'runs', page: runPage },
  { pattern: /^\/branches\/?$/, name: 'branches', nav: 'branches', page: branchesPage },
  { pattern: /^\/branches\/(.+)$/, name: 'branch', nav: 'branches', page: branchPage },
  { pattern: /^\/schedules\/?$/, name: 'schedules', nav: 'schedules', page: schedulesPage },
  { pattern: /^\/schedules\/([^/]+)$/, name: 'schedule', nav: 'schedules', page: schedulePage },
];

/** What the search box does on the current page: the lineage page highlights and centres; other pages open the lineage. */
export const search = { handler: null, pending: '' };

let unmount = null;

function route() {
  const path = location.hash.replace(/^#/, '') || '/';
  const app = document.getElementById('app');
  if (unmount) {
    try { unmount(); } catch (e) { console.warn(e); }
    unmount = null;
  }
  search.handler = null;
  clearMessage();
  const found = ROUTES.map(r => ({ r, match: path.match(r.pattern) })).find(x => x.match);
  if (!found) {
    document.body.dataset.page = 'not-found';
    app.innerHTML = '<div class="page"><h1>Not found</h1><p class="subtitle">No page at this address. <a href="#/">Open the lineage</a>.</p></div>';
    return;
  }
  document.body.dataset.page = found.r.name;
  document.querySelectorAll('[data-nav]').forEach(a => a.classList.toggle('active', a.dataset.nav === found.r.nav));
  app.innerHTML = '';
  app.scrollTop = 0;
  const params = found.match.slice(1).map(p => decodeURIComponent(p));
  unmount = found.r.page.mount(app, ...params) || null;
}

function setUpSearch() {
  const input = document.getElementById('search');
  input.addEventListener('input', () => {
    if (search.handler) search.handler(input.value, false);
  });
  input.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      if (search.handler) {
        search.handler(input.value, true);
      } else {
        search.pending = input.value;
        location.hash = '#/';
      }
    } else if (event.key === 'Escape') {
      input.value = '';
      if (search.handler) search.handler('', false);
    }
  });
  document.addEventListener('keydown', event => {
    if (event.key === '/' && document.activeElement === document.body) {
      event.preventDefault();
      input.focus();
    }
  });
}

async function loadProject() {
  try {
    const project = await api.get('/api/project', { quiet: true });
    document.getElementById('project-name').textContent = project.name;
    document.title = `${project.name} · Strata`;
  } catch (e) {
    // The project name is a decoration; each page reports its own failures.
  }
}

// A fault of the page itself is shown too, never only in the console.
window.addEventListener('error', event => showMessage(`This page failed: ${event.message}`));
window.addEventListener('unhandledrejection', event => {
  if (!(event.reason && event.reason.name === 'ApiError')) showMessage(`This page failed: ${event.reason && event.reason.message ? event.reason.message : event.reason}`);
});

document.getElementById('message-close').addEventListener('click', clearMessage);
window.addEventListener('hashchange', route);
setUpSearch();
loadProject();
route();

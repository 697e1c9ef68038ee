// Calls to the Strata REST API. Every failure is shown in the message bar and then thrown, never swallowed.

const bar = () => document.getElementById('message-bar');

/** Shows a message in the bar under the top bar (kind: 'error' or 'info'). */
export function showMessage(text, kind = 'error') {
  const element = bar();
  document.getElementById('message-text').textContent = text;
  element.classList.toggle('info', kind === 'info');
  element.hidden = false;
}

export function clearMessage() {
  bar().hidden = true;
}

/** An answer of the API that is not 2xx, with its JSON error body when it has one. */
export class ApiError extends Error {
  constructor(status, body, path) {
    super(body && body.message ? body.message : `${path}: HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.path = path;
    this.name = 'ApiError';
  }
}

async function request(method, path, body, { quiet = false } = {}) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers['X-Strata-Request'] = 'ui';
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    const error = new ApiError(0, { error: 'unreachable', message: `The server cannot be reached (${path}).` }, path);
    if (!quiet) showMessage(error.message);
    throw error;
  }
  if (response.status === 204) {
    return null;
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json, path);
    if (!quiet) {
      const where = json && json.location ? ` (${json.location})` : '';
      showMessage(`${error.message}${where}`);
    }
    throw error;
  }
  return json;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body === undefined ? {} : body, options),
  delete: (path, options) => request('DELETE', path, undefined, options),
};

/**
 * Starts a run of a selection (an asset's key, '+key' with its upstream, 'key+' with its downstream) and opens its page;
 * partitions ({ from, to } of a backfill, or { partition }) as POST /api/runs takes them.
 */
export async function materialize(select, partitions = {}) {
  const answer = await api.post('/api/runs', { select, exclude: '', fullRefresh: false, rebuild: false, devBranch: null, ...partitions });
  location.hash = `#/runs/${encodeURIComponent(answer.id)}`;
  return answer;
}

/** The path of an asset under /api/assets: a key keeps its '/' separators, each segment encoded. */
export function assetPath(key) {
  return '/api/assets/' + key.split('/').map(encodeURIComponent).join('/');
}

/** The page of an asset: #/assets/KEY, each segment of the key encoded. */
export function assetHash(key) {
  return '#/assets/' + key.split('/').map(encodeURIComponent).join('/');
}

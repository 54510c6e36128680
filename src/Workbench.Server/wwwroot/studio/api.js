// The REST API, as the CLI uses it, with the browser's session cookie. Calls that change something
// carry the antiforgery token from GET /api/v1/antiforgery in its header.

const base = '/api/v1';
let antiforgery = null;

/** An API answer that is not a success, read from its problem details (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describe(status, problem));
    this.status = status;
    /** Field → messages, for validation problems. */
    this.fieldErrors = problem?.errors ?? {};
  }
}

function describe(status, problem) {
  if (!problem) {
    return `The server answered ${status}.`;
  }
  const fields = Object.entries(problem.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  const lead = problem.detail && problem.detail !== problem.title ? `${problem.title}: ${problem.detail}` : problem.title ?? `Error ${status}`;
  return fields.length > 0 ? `${lead} — ${fields.join(' ')}` : lead;
}

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return null;
}

export function signIn() {
  const here = location.pathname + location.search;
  location.assign(`/login?returnUrl=${encodeURIComponent(here)}`);
}

async function antiforgeryToken(fresh = false) {
  if (!antiforgery || fresh) {
    const response = await fetch(`${base}/antiforgery`, { credentials: 'same-origin' });
    if (!response.ok) {
      throw new ApiError(response.status, await problemOf(response));
    }
    antiforgery = await response.json();
  }
  return antiforgery;
}

async function send(method, path, body, headers, retried = false) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (method !== 'GET') {
    const token = await antiforgeryToken();
    init.headers[token.headerName] = token.token;
  }
  if (body !== undefined) {
    init.headers['Content-Type'] = init.headers['Content-Type'] ?? 'application/json';
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(path.startsWith('/') ? path : `${base}/${path}`, init);
  if (response.ok) {
    if (response.status === 204) {
      return null;
    }
    // JSON for resources; text/plain for logs.
    return (response.headers.get('content-type') ?? '').includes('json') ? response.json() : response.text();
  }
  const problem = await problemOf(response);
  if (response.status === 401) {
    signIn();
  }
  if (!retried && problem?.type === 'urn:workbench:antiforgery') {
    // The token pairs with a cookie that may have been renewed (a new sign-in): fetch a new one once.
    await antiforgeryToken(true);
    return send(method, path, body, headers, true);
  }
  throw new ApiError(response.status, problem);
}

export const api = {
  get: path => send('GET', path),
  put: (path, body) => send('PUT', path, body),
  post: (path, body) => send('POST', path, body),
  patch: (path, body) => send('PATCH', path, body, { 'Content-Type': 'application/merge-patch+json' }),
  delete: path => send('DELETE', path),
  /** POST text as it is (a job spec), with its media type. */
  postText: (path, text, type) => send('POST', path, text, { 'Content-Type': type }),

  /** GET a text answer as it arrives (a followed log): onText(chunk) per chunk; resolves at its end. */
  async stream(path, onText, signal) {
    const response = await fetch(`${base}/${path}`, { credentials: 'same-origin', signal });
    if (!response.ok) {
      throw new ApiError(response.status, await problemOf(response));
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      onText(chunk.value);
    }
  },

  /** Every page of a list, following nextLink. */
  async all(path) {
    const items = [];
    for (let next = path; next;) {
      const page = await send('GET', next);
      items.push(...page.value);
      next = page.nextLink;
    }
    return items;
  },

  /** The first `count` items of a list (whole pages of up to 1,000), and whether it holds more. */
  async first(path, count) {
    const items = [];
    let next = `${path}${path.includes('?') ? '&' : '?'}top=${Math.min(count, 1000)}`;
    while (next && items.length < count) {
      const page = await send('GET', next);
      items.push(...page.value);
      next = page.nextLink;
    }
    return { items: items.slice(0, count), more: Boolean(next) || items.length > count };
  },

  /** POST /logout as the sign-in page's form does, then the sign-in page. */
  async signOut() {
    const token = await antiforgeryToken();
    await fetch('/logout', { method: 'POST', credentials: 'same-origin', headers: { [token.headerName]: token.token } });
    location.assign('/login');
  },

  /**
   * PUT a file's bytes with XMLHttpRequest, since fetch reports no upload progress.
   * onProgress(fraction) runs as bytes leave; resolves with the file entry.
   */
  async upload(path, file, onProgress) {
    const token = await antiforgeryToken();
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('PUT', `${base}/${path}`);
      request.setRequestHeader(token.headerName, token.token);
      request.setRequestHeader('Accept', 'application/json');
      request.upload.addEventListener('progress', e => e.lengthComputable && onProgress(e.loaded / e.total));
      request.addEventListener('load', () => {
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch {
          // Not JSON: the status alone says what happened.
        }
        if (request.status >= 200 && request.status < 300) {
          onProgress(1);
          resolve(body);
        } else {
          reject(new ApiError(request.status, body));
        }
      });
      request.addEventListener('error', () => reject(new Error('The upload failed: the connection to the server broke.')));
      request.send(file);
    });
  },
};

/** The path of a workspace's resource, every part escaped. */
export function workspacePath(workspace, ...parts) {
  return ['workspaces', workspace, ...parts].map(encodeURIComponent).join('/');
}

// Every request the page makes carries the view link in the Authorization
// header ("View <token>"); the server resolves it to the link's user. No
// API key ever reaches the browser.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && typeof body.message === 'string' && body.message) || `request failed (HTTP ${status})`);
    this.status = status;
    this.code = body?.error ?? null;
  }

  /** The view link itself was refused (expired, tampered, revoked). */
  get linkRefused() {
    return typeof this.code === 'string' && this.code.startsWith('view_link_');
  }
}

export class Api {
  constructor({ base, app, token, onLinkRefused }) {
    this.root = `${base}/api/v1/apps/${encodeURIComponent(app)}`;
    this.token = token;
    this.onLinkRefused = onLinkRefused;
  }

  url(path) {
    return `${this.root}${path}`;
  }

  async request(method, path, { as = 'json' } = {}) {
    let res;
    try {
      res = await fetch(this.url(path), {
        method,
        headers: { Authorization: `View ${this.token}`, Accept: as === 'json' ? 'application/json' : '*/*' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, { message: 'The server cannot be reached. Check your connection and try again.' });
    }
    if (!res.ok) {
      const body = await res.json().catch(() => null);
      const error = new ApiError(res.status, body);
      if (error.linkRefused) this.onLinkRefused?.(error);
      throw error;
    }
    if (res.status === 204) return null;
    if (as === 'text') return res.text();
    if (as === 'blob') return res.blob();
    return res.json();
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  post(path) {
    return this.request('POST', path);
  }

  delete(path) {
    return this.request('DELETE', path);
  }
}

/** Encodes each segment of a relative file path for a URL. */
export function pathUrl(relative) {
  return relative.split('/').map(encodeURIComponent).join('/');
}

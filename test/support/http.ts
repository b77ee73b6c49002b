export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A small HTTP client acting as one API key and end user. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly key: string | null,
    readonly user: string | null = null,
    readonly groups: string[] = [],
  ) {}

  as(user: string | null, groups: string[] = []): ApiClient {
    return new ApiClient(this.baseUrl, this.key, user, groups);
  }

  withKey(key: string | null): ApiClient {
    return new ApiClient(this.baseUrl, key, this.user, this.groups);
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { ...extra };
    if (this.key) h.Authorization = `Bearer ${this.key}`;
    if (this.user !== null) h['X-Jobs-User'] = this.user;
    if (this.groups.length) h['X-Jobs-Groups'] = this.groups.join(',');
    return h;
  }

  async request<T = any>(method: string, path: string, body?: unknown, rawBody?: string): Promise<Reply<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: this.headers(body !== undefined || rawBody !== undefined ? { 'Content-Type': 'application/json' } : {}),
      body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

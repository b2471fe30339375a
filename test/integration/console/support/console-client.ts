// A browser-like console client: keeps the session cookie, sends the CSRF token.
export interface Res<T = Record<string, unknown>> { status: number; body: T; headers: Headers }

export class ConsoleClient {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}): Promise<Res<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers['cookie'] = this.cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, headers: res.headers };
  }

  async login(username: string, password: string, totp?: string): Promise<Res<{ csrfToken: string; error?: { code: string } }>> {
    const r = await this.call<{ csrfToken: string; error?: { code: string } }>('POST', '/console/api/login', { username, password, ...(totp ? { totp } : {}) });
    if (r.status === 200) this.csrf = r.body.csrfToken;
    return r;
  }

  static async signedIn(base: string, username: string, password: string): Promise<ConsoleClient> {
    const c = new ConsoleClient(base);
    const r = await c.login(username, password);
    if (r.status !== 200) throw new Error(`sign-in as ${username} failed: ${JSON.stringify(r.body)}`);
    return c;
  }
}

export const code = (r: Res): string | undefined => (r.body as { error?: { code: string } }).error?.code;

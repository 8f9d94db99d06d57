/** A thin typed client for the server's admin API, used by end-to-end tests to set the scene. */
export class Api {
  constructor(
    readonly base: string,
    private token = '',
  ) {}

  static async login(base: string, username: string, password: string): Promise<Api> {
    const api = new Api(base);
    const r = await api.call<{ token: string }>('POST', '/api/auth/login', {
      username,
      password,
      deviceId: 'e2e-admin-device',
      deviceName: 'e2e',
    });
    api.token = r.token;
    return api;
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

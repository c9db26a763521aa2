import type { Hono } from 'hono';

type App = { request: Hono['request'] };

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A minimal browser for app.request: keeps cookies, sends Origin on posts, reads CSRF tokens. */
export class WebAgent {
  readonly cookies = new Map<string, string>();
  /** Raw Set-Cookie headers of the last response. */
  lastSetCookie: string[] = [];

  constructor(
    private readonly app: App,
    private readonly origin = 'http://localhost',
  ) {}

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private async send(
    path: string,
    init: RequestInit & { headers?: Record<string, string> },
  ): Promise<PageResponse> {
    const res = await this.app.request(path, {
      ...init,
      headers: { cookie: this.cookieHeader(), ...init.headers },
    });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const header of this.lastSetCookie) {
      const [pair] = header.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      location: res.headers.get('location'),
    };
  }

  get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a form as a browser does (same origin); `_csrf` is added from `csrfOf` unless given. */
  post(
    path: string,
    form: Record<string, string | string[]> | FormData,
    headers: Record<string, string> = {},
  ): Promise<PageResponse> {
    if (form instanceof FormData)
      return this.send(path, { method: 'POST', body: form, headers: { origin: this.origin, ...headers } });
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    return this.send(path, {
      method: 'POST',
      body: body.toString(),
      headers: { origin: this.origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  /** GETs a page and returns the CSRF token of its forms. */
  async csrf(path: string): Promise<string> {
    const page = await this.get(path);
    return csrfOf(page.text);
  }

  /** Signs in through the demo-user picker. */
  async signInAs(spec: string, unitId = 'u1'): Promise<PageResponse> {
    const [role, departmentId = ''] = spec.split(':');
    const token = await this.csrf(`/signin?unit=${unitId}`);
    const res = await this.post('/signin', {
      _csrf: token,
      unitId,
      role: role ?? '',
      departmentId,
      next: '/',
    });
    if (res.status !== 303) throw new Error(`sign-in as ${spec}: ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }
}

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Text of the page without tags, whitespace collapsed (for "the page says …" checks). */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

// Test support: a patron's browser against the portal API — one cookie jar
// (the portal cookie only), the CSRF token from sign-in, and raw access for
// the tests that forge or leave out either.
import { Marc } from 'marcjs';
import type { AdminClient } from '#test/support/client';
import type { SourceView } from '#shared/catalogue/sources';
import type { SearchResponse } from '#shared/catalogue/wire';
import { CSRF_HEADER, PORTAL_COOKIE, PORTAL_PATHS, type PortalMe } from '#shared/portal/wire';
import { bib, RULE_949 } from '#test/integration/catalogue/fixtures';
import { statisticsRecords, STATS } from '#test/integration/requests/catalogue-fixture';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  setCookie: string | null;
}

export interface ErrorAnswer {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export async function call<T = unknown>(base: string, method: string, path: string, opts: { cookie?: string | null; csrf?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers['cookie'] = `${PORTAL_COOKIE}=${opts.cookie}`;
  if (opts.csrf) headers[CSRF_HEADER] = opts.csrf;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* keep the text */
  }
  return { status: res.status, body: parsed as T, setCookie: res.headers.get('set-cookie') };
}

/** The portal cookie's value in a Set-Cookie header, or null. */
export function cookieValue(setCookie: string | null): string | null {
  const m = setCookie ? new RegExp(`${PORTAL_COOKIE}=([^;]*)`).exec(setCookie) : null;
  return m && m[1] !== '' ? m[1]! : null;
}

export class Patron {
  cookie: string | null = null;
  csrf: string | null = null;
  me: PortalMe | null = null;

  constructor(readonly base: string) {}

  async signIn(libraryId: string, account: string, password: string, headers: Record<string, string> = {}): Promise<Answer<PortalMe & ErrorAnswer>> {
    const res = await call<PortalMe & ErrorAnswer>(this.base, 'POST', PORTAL_PATHS.session, { body: { libraryId, account, password }, cookie: this.cookie, headers });
    if (res.status === 200) {
      this.cookie = cookieValue(res.setCookie);
      this.csrf = res.body.csrfToken;
      this.me = res.body;
    }
    return res;
  }

  get<T = unknown>(path: string): Promise<Answer<T & ErrorAnswer>> {
    return call<T & ErrorAnswer>(this.base, 'GET', path, { cookie: this.cookie });
  }

  send<T = unknown>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<Answer<T & ErrorAnswer>> {
    return call<T & ErrorAnswer>(this.base, method, path, { cookie: this.cookie, csrf: this.csrf, ...(body !== undefined ? { body } : {}) });
  }
}

export const BIRDS = { title: '臺灣鳥類誌', author: '劉小如' };
export const MINING = { title: '資料探勘實務', author: '張資料' };

/** The request tests' catalogue (統計學 at several libraries), a work only NPTU lends (so an NPTU patron has no lender for it) and one NUK lends. */
export async function loadPortalCatalogue(admin: AdminClient): Promise<{ statsWork: string; birdsWork: string; miningWork: string }> {
  const source = await admin.call<SourceView>('POST', '/admin/catalogue/sources', { libraryId: 'NKUST', name: 'portal test export', kind: 'file', holdings: RULE_949 });
  const records = [
    ...statisticsRecords(),
    bib({ id: 'pt-birds', title: BIRDS.title, author: BIRDS.author, year: 2010, isbn: '9789570000014', copies: [
      { lib: 'NPTU', loc: 'MAIN', cn: '388.833 7216', barcode: 'P7000001', status: 'available' },
      { lib: 'CSU', loc: 'REF', cn: '388.833 7216', barcode: 'C7000001', status: 'available' },
    ] }),
    bib({ id: 'pt-mining', title: MINING.title, author: MINING.author, year: 2021, isbn: '9789570000021', copies: [
      { lib: 'NUK', loc: 'MAIN', cn: '312.74 1134', barcode: 'U8000001', status: 'available' },
    ] }),
  ];
  const body = Buffer.concat(records.map((r) => Buffer.from(Marc.format(r, 'iso2709'))));
  const res = await fetch(`${admin.base}/admin/catalogue/sources/${source.id}/file`, {
    method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream' }, body: new Uint8Array(body),
  });
  if (res.status !== 200) throw new Error(`catalogue upload → ${res.status} ${await res.text()}`);
  const find = async (q: string) => {
    const found = await admin.call<SearchResponse>('GET', `/admin/catalogue/search?q=${encodeURIComponent(q)}`);
    const w = found.works[0];
    if (!w) throw new Error(`${q} not found in the catalogue`);
    return w.id;
  };
  return { statsWork: await find(STATS.title), birdsWork: await find(BIRDS.title), miningWork: await find(MINING.title) };
}

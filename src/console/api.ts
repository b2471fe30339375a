// Calls to the console API: the session cookie goes by itself (same origin);
// every change carries the session's CSRF token.
export interface Account { id: string; username: string; displayName: string; role: 'office' | 'library'; libraryId: string | null }

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrf = (t: string): void => {
  csrfToken = t;
};

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/console/api${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: Record<string, unknown> } };
  if (!res.ok) throw new ApiFailure(res.status, json.error?.code ?? String(res.status), json.error?.message ?? res.statusText, json.error?.details);
  return json as T;
}

export type Cell = string | number | null;
export interface Table { report: string; columns: string[]; rows: Cell[][] }
export interface Query { from: string; to: string; library: string; group: 'month' | 'year' | 'all' }

export const queryString = (q: Query): string => new URLSearchParams({ from: q.from, to: q.to, group: q.group, ...(q.library ? { library: q.library } : {}) }).toString();

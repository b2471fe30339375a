// Calls to the portal API (src/shared/portal/wire.ts): the session cookie goes
// by itself (same origin); every POST, PUT and DELETE carries the session's
// CSRF token from GET me. A 401 from any call but sign-in means the session
// ended: the app is told once, and goes back to sign-in with a message.
import { CSRF_HEADER, PORTAL_PATHS, type PortalErrorCode } from '#shared/portal/wire';

export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: PortalErrorCode | 'NETWORK' | string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

let csrfToken = '';
export const setCsrf = (token: string): void => {
  csrfToken = token;
};

type ExpiredListener = (code: string) => void;
let onExpired: ExpiredListener = () => {};
export const whenSessionEnds = (listener: ExpiredListener): void => {
  onExpired = listener;
};

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch (err) {
    throw new ApiFailure(0, 'NETWORK', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: Record<string, unknown> } };
  if (!res.ok) {
    const failure = new ApiFailure(res.status, json.error?.code ?? `HTTP_${res.status}`, json.error?.message ?? res.statusText, json.error?.details);
    // GET me at start-up answering NOT_SIGNED_IN is just "not signed in yet"; sign-in's own 401 is a wrong password.
    const ended = failure.code === 'SESSION_EXPIRED' || (failure.code === 'NOT_SIGNED_IN' && path !== PORTAL_PATHS.me);
    if (ended && path !== PORTAL_PATHS.session) onExpired(failure.code);
    throw failure;
  }
  return json as T;
}

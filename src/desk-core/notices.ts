// Whether a request's patron was told (issue 16: desks show whether the
// patron was notified). Notices live at the service only — a desk holds no
// email address — so this is an online question; offline says so.
import { DESK_NOTICES_PATH, type DeskNoticesAnswer } from '#shared/notices/wire';

export type NoticesAnswer = { ok: true; notices: DeskNoticesAnswer['notices'] } | { ok: false; offline: boolean; code: string; message: string };

export async function requestNotices(serviceUrl: string, token: string, requestId: string, fetchFn: typeof fetch = fetch): Promise<NoticesAnswer> {
  let res: Response;
  try {
    res = await fetchFn(`${serviceUrl}${DESK_NOTICES_PATH}?requestId=${encodeURIComponent(requestId)}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    return { ok: false, offline: true, code: 'OFFLINE', message: err instanceof Error ? err.message : String(err) };
  }
  const body = (await res.json().catch(() => null)) as (DeskNoticesAnswer & { error?: { code: string; message: string } }) | null;
  if (!res.ok || !body) return { ok: false, offline: false, code: body?.error?.code ?? `HTTP_${res.status}`, message: body?.error?.message ?? res.statusText };
  return { ok: true, notices: body.notices };
}

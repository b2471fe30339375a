// What staff and the portal may ask about notices.
import type { Sql } from '#server/db/database';
import type { NoticeKind } from '#shared/portal/wire';

export type DeliveryState = 'queued' | 'sent' | 'failed' | 'skipped';

export interface NoticeSummary {
  kind: NoticeKind;
  state: DeliveryState;
  createdAt: string;
  sentAt: string | null;
}

/** The notices about one request, newest first. */
export async function noticesForRequest(_db: Sql, _requestId: string): Promise<NoticeSummary[]> {
  return [];
}

// What a staff desk may learn about a request's notices (GET DESK_NOTICES_PATH
// ?requestId=, device token): kinds, delivery states and times — never an
// address or a message text.
import type { NoticeKind } from '../portal/wire';

export const DESK_NOTICES_PATH = '/api/notices';

export type NoticeDeliveryState = 'queued' | 'sent' | 'failed' | 'skipped';

export interface DeskNotice {
  kind: NoticeKind;
  state: NoticeDeliveryState;
  createdAt: string;
  sentAt: string | null;
}

export interface DeskNoticesAnswer {
  requestId: string;
  notices: DeskNotice[];
}

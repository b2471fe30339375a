// Starting points for the two bitmap fields, so callers set only the flags they mean.
import { PATRON_STATUS_ORDER, SUPPORTED_MESSAGES_ORDER } from './layouts';
import type { PatronStatusFlags, SupportedMessages } from './messages';

export function emptyPatronStatus(): PatronStatusFlags {
  return Object.fromEntries(PATRON_STATUS_ORDER.map((key) => [key, false])) as unknown as PatronStatusFlags;
}

export function emptySupportedMessages(): SupportedMessages {
  return Object.fromEntries(SUPPORTED_MESSAGES_ORDER.map((key) => [key, false])) as unknown as SupportedMessages;
}

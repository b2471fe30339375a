// Cards are read where they may be shown (the host library and the holder's
// home library; a card valid everywhere by every device); signing keys are
// public so any desk or kiosk can verify a card offline.
import { PUBLIC, librariesScope, type CollectionAccess, type EventRecorders } from '../kit/access';
import type { CARD_EVENTS } from './events';
import type { CardRecordTypes } from './records';

export const CARD_RECORDERS: EventRecorders<keyof typeof CARD_EVENTS> = {
  'card.issued': 'service', 'card.revoked': ['staff'], 'cardKey.published': 'service', 'cardKey.retired': 'service', 'loan.visitor_started': ['staff'],
};

export const CARD_ACCESS: CollectionAccess<CardRecordTypes> = {
  // A consortium-wide card may be shown at any member library, so every device may need it.
  cards: { readBy: ['staff', 'kiosk'], scope: (c) => (c.hostLibraryId === '*' ? PUBLIC : librariesScope(c.hostLibraryId, ...(c.homeLibraryId !== null ? [c.homeLibraryId] : []))) },
  cardKeys: { readBy: ['staff', 'kiosk'], scope: () => PUBLIC },
};

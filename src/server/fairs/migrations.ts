// The swap fairs' migrations (issue 20): numbered 21xx. Fairs, their books and
// reservations are replicated records (the `records` table); the portal looks
// up a patron's reservations and the lapse sweep the open ones, so each gets
// an index of its own.
import type { Migration } from '#server/db/migrations';

export const FAIR_MIGRATIONS: readonly Migration[] = [
  {
    version: 2101,
    name: 'swap fairs: reservations by patron and open reservations by hold time',
    sql: `
      create index if not exists records_fair_reservations_by_patron
        on records ((data->>'patronId')) where collection = 'fairReservations';
      create index if not exists records_fair_reservations_open
        on records ((data->>'holdUntil')) where collection = 'fairReservations' and data->>'state' = 'reserved';
      create index if not exists records_fair_items_by_fair
        on records ((data->>'fairId')) where collection = 'fairItems';
    `,
  },
];

// Virtual cards through the console: a partner organisation's card (office)
// and a card for one of the school's patrons. Issuing is card-service.ts's
// (it signs and records card.issued in its own transaction); the audit entry
// follows it. Bad input is refused by card-service with its own reasons.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import type { CardService } from '#server/cards/card-service';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { isLocalDate } from '#shared/domain/dates';
import { writeAudit } from './audit';
import { accountOf, actorOf, requireOffice, schoolFor } from './guard';

type Guard = (req: FastifyRequest) => Promise<void>;

const date = (b: Record<string, unknown>, k: string, required: boolean): string | undefined => {
  const v = b[k];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || !isLocalDate(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${k}: a date, YYYY-MM-DD`);
  return v;
};
const limit = (b: Record<string, unknown>): number | undefined => {
  const v = b['loanLimit'];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 50) throw new ApiError(400, 'VALIDATION_FAILED', '/loanLimit: a whole number from 1 to 50');
  return v;
};
const host = (v: unknown): string => {
  if (typeof v !== 'string' || !(v === '*' || /^[A-Z][A-Z0-9]{1,15}$/.test(v))) throw new ApiError(400, 'VALIDATION_FAILED', '/hostLibraryId: a library code, or * for every member library');
  return v;
};

export function registerCardRoutes(app: FastifyInstance, db: Database, cards: CardService, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.post('/console/api/cards/partner', async (req) => {
      const me = accountOf(req);
      requireOffice(me);
      const b = allowOnly(requireObject(req.body), ['holderName', 'holderId', 'organisation', 'hostLibraryId', 'validFrom', 'validUntil', 'loanLimit']);
      const holderId = requireString(b, 'holderId', 64);
      if (!/^[A-Za-z0-9_.:-]+$/.test(holderId)) throw new ApiError(400, 'VALIDATION_FAILED', '/holderId: letters, digits, "_", ".", ":" or "-"');
      const issued = await cards.issuePartnerCard({
        holderName: requireString(b, 'holderName', 120), holderId, organisation: requireString(b, 'organisation', 120),
        hostLibraryId: host(b['hostLibraryId']), validFrom: date(b, 'validFrom', false), validUntil: date(b, 'validUntil', true)!, loanLimit: limit(b),
      });
      await writeAudit(db, actorOf(me), { libraryId: null, action: 'card.issued', target: issued.card.id, after: { kind: issued.card.kind, organisation: issued.card.organisation, hostLibraryId: issued.card.hostLibraryId, validUntil: issued.card.validUntil } });
      return { card: issued.card, pagePath: issued.pagePath };
    });

    r.post('/console/api/cards/patron', async (req) => {
      const me = accountOf(req);
      const b = allowOnly(requireObject(req.body), ['libraryId', 'patronId', 'hostLibraryId', 'validFrom', 'validUntil', 'loanLimit']);
      const libraryId = schoolFor(me, typeof b['libraryId'] === 'string' ? b['libraryId'] : null);
      if (!libraryId) throw new ApiError(400, 'VALIDATION_FAILED', '/libraryId: the patron\'s home library');
      // Issued as that library's staff would issue it: the card says which library issued it.
      const desk = { id: `console-${me.username}`, libraryId, role: 'staff' as const, name: `console (${me.username})` };
      const issued = await cards.issuePatronCard(desk, {
        patronId: requireString(b, 'patronId', 64), hostLibraryId: host(b['hostLibraryId']),
        validFrom: date(b, 'validFrom', false), validUntil: date(b, 'validUntil', false), loanLimit: limit(b),
      });
      await writeAudit(db, actorOf(me), { libraryId, action: 'card.issued', target: issued.card.id, after: { kind: issued.card.kind, hostLibraryId: issued.card.hostLibraryId, validUntil: issued.card.validUntil } });
      return { card: issued.card, pagePath: issued.pagePath };
    });
  });
}

// The patron's e-book routes under /portal/api/ebooks (inside the portal's
// cookie scope: `signedIn` sets the patron and checks CSRF on changes).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { patronOf } from '#server/portal/guard';
import { clip } from '#shared/text/unicode';
import { EBOOK_PATHS, ebookPath, type EbookReadLink } from '#shared/ebooks/wire';
import { borrow, cancelHold, giveBack, openLoan, placeHold, shelfOf, type Borrower } from './circulation';
import { listTitles } from './titles';
import { LINK_MINUTES } from './read-links';
import type { EbookService } from './service';

const ID = /^[A-Za-z0-9_.:-]{1,120}$/;

function idParam(req: FastifyRequest): string {
  const id = (req.params as { id?: unknown }).id;
  if (typeof id !== 'string' || !ID.test(id)) throw new ApiError(404, 'NOT_FOUND', 'No such e-book, loan or waiting-list place.');
  return id;
}

function borrower(req: FastifyRequest): Borrower {
  const p = patronOf(req);
  if (p.status !== 'active' || p.blocks.length > 0) {
    throw new ApiError(403, 'PATRON_BLOCKED', '你的借閱權目前暫停，請洽本校圖書館。 Your borrowing is suspended: please ask your library.');
  }
  return { patronId: p.id, libraryId: p.homeLibraryId };
}

export function registerEbookPatronRoutes(scope: FastifyInstance, ebooks: EbookService, signedIn: (req: FastifyRequest) => Promise<void>, readBase: (req: FastifyRequest) => string): void {
  const db = ebooks.db;
  scope.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.get(EBOOK_PATHS.titles, async (req) => {
      const raw = (req.query as Record<string, unknown>)['q'];
      if (raw !== undefined && typeof raw !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '?q: text');
      const q = (raw ?? '').trim();
      if (q.length > 200) throw new ApiError(400, 'VALIDATION_FAILED', '?q: at most 200 characters');
      return listTitles(db, clip(q, 200), queryInt(req.query, 'page', 1, 1, 10_000));
    });

    r.get(EBOOK_PATHS.mine, async (req) => shelfOf(db, patronOf(req).id));

    r.post(EBOOK_PATHS.borrow, async (req, reply) => {
      const loan = await borrow(db, borrower(req), idParam(req), ebooks.now());
      return reply.status(201).send(loan);
    });

    r.post(EBOOK_PATHS.hold, async (req, reply) => {
      const hold = await placeHold(db, borrower(req), idParam(req), ebooks.now());
      return reply.status(201).send(hold);
    });

    r.delete(EBOOK_PATHS.cancelHold, async (req, reply) => {
      const p = patronOf(req);
      await cancelHold(db, { patronId: p.id, libraryId: p.homeLibraryId }, idParam(req), ebooks.now());
      return reply.status(204).send();
    });

    r.post(EBOOK_PATHS.giveBack, async (req) => {
      const p = patronOf(req);
      await giveBack(db, { patronId: p.id, libraryId: p.homeLibraryId }, idParam(req), ebooks.now());
      return shelfOf(db, p.id);
    });

    r.post(EBOOK_PATHS.link, async (req): Promise<EbookReadLink> => {
      const p = patronOf(req);
      const now = ebooks.now();
      const loan = await openLoan(db, idParam(req), p.id, now);
      if (!loan) throw new ApiError(404, 'NOT_FOUND', '找不到這筆借閱，或已到期。 No such e-book loan, or it has ended.');
      // Never past the loan's end.
      const expires = Math.min(now + LINK_MINUTES * 60_000, loan.dueAt);
      const sig = (await ebooks.signer).sign(loan.id, expires);
      return { url: `${readBase(req)}${ebookPath(EBOOK_PATHS.read, loan.id)}?e=${expires}&s=${sig}`, expiresAt: new Date(expires).toISOString() };
    });
  });
}

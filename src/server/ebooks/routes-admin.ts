// The administrator's e-book imports (bearer administrator token): a vendor's
// KBART list and COUNTER R5 reports, sent as the file itself (any content
// type; JSON or text), answered with a per-row report. A refused file is a 422
// IMPORT_REFUSED whose details are that report; nothing of it was written.
// Also the reading-link redirect, which needs no session (its signature is the key).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '#server/http/errors';
import { EBOOK_PATHS } from '#shared/ebooks/wire';
import { acceptFiles, answer, MAX_FILE, textOf } from './file-body';
import { importCounter, importKbart, importMarcTitles } from './imports';
import { openLoan } from './circulation';
import { countUsage } from './usage';
import type { EbookService } from './service';

export function registerEbookAdminRoutes(app: FastifyInstance, ebooks: EbookService, requireAdmin: (req: FastifyRequest) => Promise<void>): void {
  app.register(async (admin) => {
    admin.addHook('preHandler', requireAdmin);
    acceptFiles(admin);

    admin.post(EBOOK_PATHS.importKbart, { bodyLimit: MAX_FILE }, async (req, reply) => {
      const vendor = (req.query as Record<string, unknown>)['vendor'];
      if (typeof vendor !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '?vendor: the vendor\'s short name');
      return answer(reply, await importKbart(ebooks.db, vendor, textOf(req.body), ebooks.now()));
    });

    admin.post(EBOOK_PATHS.importMarc, { bodyLimit: MAX_FILE }, async (req, reply) => {
      const vendor = (req.query as Record<string, unknown>)['vendor'];
      if (typeof vendor !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '?vendor: the vendor\'s short name');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new ApiError(400, 'VALIDATION_FAILED', 'Send the MARC file as the request body.');
      return answer(reply, await importMarcTitles(ebooks.db, vendor, req.body, ebooks.now()));
    });

    admin.post(EBOOK_PATHS.importCounter, { bodyLimit: MAX_FILE }, async (req, reply) => {
      const library = (req.query as Record<string, unknown>)['library'];
      if (library !== undefined && (typeof library !== 'string' || library.length > 20)) throw new ApiError(400, 'VALIDATION_FAILED', '?library: a member library\'s code');
      return answer(reply, await importCounter(ebooks.db, library ? library : null, textOf(req.body)));
    });
  });

  // Open to anyone holding a valid link: checked, counted, redirected.
  app.get(EBOOK_PATHS.read, async (req, reply) => {
    const id = (req.params as { id: string }).id;
    const q = req.query as Record<string, unknown>;
    const e = typeof q['e'] === 'string' && /^\d{13,15}$/.test(q['e']) ? Number(q['e']) : NaN;
    const s = typeof q['s'] === 'string' && /^[A-Za-z0-9_-]{43}$/.test(q['s']) ? q['s'] : null;
    if (!/^[A-Za-z0-9]{1,40}$/.test(id) || Number.isNaN(e) || !s || !(await ebooks.signer).verify(id, e, s)) {
      throw new ApiError(403, 'LINK_INVALID', '這個閱讀連結無效。請從讀者服務網頁重新開啟。 This reading link is not valid: open the book again from the portal.');
    }
    const now = ebooks.now();
    if (e <= now) throw new ApiError(410, 'LINK_EXPIRED', '閱讀連結已過期，請從讀者服務網頁重新開啟。 The reading link has expired: open the book again from the portal.');
    const loan = await openLoan(ebooks.db, id, null, now);
    if (!loan) throw new ApiError(410, 'EBOOK_LOAN_ENDED', '這筆借閱已結束。 This loan has ended.');
    await countUsage(ebooks.db, loan.titleId, loan.libraryId, now, 'reads');
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(loan.titleUrl, 302);
  });
}

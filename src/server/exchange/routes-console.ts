// The console's exchange routes under /console/api/exchange, in a scope of
// their own that reads the console's session cookie the way the console's
// own scope does (src/server/console/index.ts).
import type { FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject, requireString } from '#server/http/input';
import { accountOf, actorOf, requireOffice, requireSignedIn, schoolFor } from '#server/console/guard';
import { writeAudit } from '#server/console/audit';
import { checkSettingsChange, readSettings, writeSettings } from './settings';
import { consoleListings, exchangeStats, moderate } from './console';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9_-]{1,40}$/;
const ID = /^xl_[0-9A-Z]{26}$/;

function day(q: Record<string, unknown>, field: string, dflt: Date): Date {
  const v = q[field];
  if (v === undefined || v === '') return dflt;
  if (typeof v !== 'string' || !DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00+08:00`))) throw new ApiError(400, 'VALIDATION_FAILED', `?${field}: a date as YYYY-MM-DD`);
  return new Date(`${v}T00:00:00+08:00`);
}

function library(q: Record<string, unknown>): string | null {
  const v = q['library'];
  if (v === undefined || v === '') return null;
  if (typeof v !== 'string' || !CODE.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', '?library: a library code');
  return v;
}

function listingId(params: unknown): string {
  const id = (params as { id?: string }).id ?? '';
  if (!ID.test(id)) throw new ApiError(404, 'NOT_FOUND', 'No such listing.');
  return id;
}

export function registerConsoleRoutes(app: FastifyInstance, db: Database, now: () => Date): void {
  app.register(async (scope) => {
    await scope.register(cookie);
    scope.decorateRequest('consoleAccount', null);
    scope.decorateRequest('consoleSession', null);
    const opts = { preHandler: requireSignedIn(db) };
    const base = '/console/api/exchange';

    scope.get(`${base}/stats`, opts, async (req) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const school = schoolFor(accountOf(req), library(q));
      // Default: the last 365 days to tomorrow (Taipei days), so today's listings count.
      const to = day(q, 'to', new Date(now().getTime() + 86_400_000));
      const from = day(q, 'from', new Date(to.getTime() - 366 * 86_400_000));
      if (from >= to) throw new ApiError(400, 'VALIDATION_FAILED', '?from must be before ?to');
      return exchangeStats(db, { libraryId: school, from, to });
    });

    scope.get(`${base}/listings`, opts, async (req) => {
      const q = (req.query ?? {}) as Record<string, unknown>;
      const school = schoolFor(accountOf(req), library(q));
      return { listings: await consoleListings(db, { libraryId: school, hiddenOnly: q['hidden'] === 'true' }) };
    });

    scope.post(`${base}/listings/:id/hide`, opts, async (req) => {
      const me = accountOf(req);
      const reason = requireString(allowOnly(requireObject(req.body), ['reason']), 'reason', 300);
      await moderate(db, actorOf(me), schoolFor(me, null), listingId(req.params), reason, now());
      return { ok: true };
    });

    // The consortium's rules (hold days, holds per patron, listing lifetime, forbidden words, photo limits): the office's alone.
    scope.get(`${base}/settings`, opts, async (req) => {
      requireOffice(accountOf(req));
      return readSettings(db);
    });
    scope.put(`${base}/settings`, opts, async (req) => {
      const me = accountOf(req);
      requireOffice(me);
      const change = checkSettingsChange(req.body);
      return db.transaction(async (tx) => {
        const before = await readSettings(tx);
        const after = await writeSettings(tx, change);
        await writeAudit(tx, actorOf(me), { libraryId: null, action: 'exchange.settings_set', target: 'exchange', before, after });
        return after;
      });
    });

    scope.post(`${base}/listings/:id/unhide`, opts, async (req) => {
      const me = accountOf(req);
      await moderate(db, actorOf(me), schoolFor(me, null), listingId(req.params), null, now());
      return { ok: true };
    });
  });
}

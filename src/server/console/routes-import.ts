// POST /console/api/patrons/import: a library's patrons from its system's
// export. All rows are checked first; if any is wrong, the answer lists every
// problem by row and nothing is applied. Otherwise every patron.upserted event
// is applied in one transaction with the audit entry (counts only: no patron
// data goes into the audit log).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { applyEventsIn } from '#server/events/apply-events';
import { validateEventDoc } from '#server/http/validation';
import { formatHlc } from '#shared/domain/hlc';
import { newId } from '#shared/domain/ids';
import type { EventDoc } from '#shared/domain/events';
import { writeAudit } from './audit';
import { accountOf, actorOf, schoolFor } from './guard';
import { checkRows, parseCsv, parseXlsx } from './patron-import';

type Guard = (req: FastifyRequest) => Promise<void>;
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function registerImportRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);
    r.post('/console/api/patrons/import', { bodyLimit: Math.ceil(MAX_FILE_BYTES * 1.4) }, async (req) => {
      const me = accountOf(req);
      const body = allowOnly(requireObject(req.body), ['libraryId', 'filename', 'format', 'content']);
      const libraryId = schoolFor(me, typeof body['libraryId'] === 'string' ? body['libraryId'] : null);
      if (!libraryId) throw new ApiError(400, 'VALIDATION_FAILED', '/libraryId: the library whose patrons these are');
      const format = body['format'];
      if (format !== 'csv' && format !== 'xlsx') throw new ApiError(400, 'VALIDATION_FAILED', '/format: csv or xlsx');
      if (typeof body['content'] !== 'string') throw new ApiError(400, 'VALIDATION_FAILED', '/content: the file, base64-encoded');
      const data = Buffer.from(body['content'], 'base64');
      if (data.length > MAX_FILE_BYTES) throw new ApiError(413, 'FILE_TOO_LARGE', `At most ${MAX_FILE_BYTES / 1024 / 1024} MB per file.`);
      const filename = typeof body['filename'] === 'string' ? body['filename'].slice(0, 120) : `patrons.${format}`;
      let table: string[][];
      try {
        table = format === 'csv' ? parseCsv(data.toString('utf8')) : await parseXlsx(data);
      } catch {
        throw new ApiError(422, 'IMPORT_UNREADABLE', `The file could not be read as ${format.toUpperCase()}.`);
      }
      const { rows: cardRows } = await db.query<{ card: string; id: string }>(
        `select c.card, r.id from records r cross join lateral jsonb_array_elements_text(r.data->'cardNumbers') as c(card) where r.collection = 'patrons'`,
      );
      const checked = checkRows(table, new Map(cardRows.map((c) => [c.card, c.id])));
      if (!checked.ok) throw new ApiError(422, 'IMPORT_INVALID', checked.fileError ?? `${checked.problems.length} row(s) have problems; nothing was imported.`, { problems: checked.problems });
      return db.transaction(async (tx) => {
        const ids = checked.patrons.map((p) => p.id);
        const { rows: existing } = await tx.query<{ id: string; home: string; blocks: unknown }>(
          `select id, data->>'homeLibraryId' as home, data->'blocks' as blocks from records where collection = 'patrons' and id = any($1::text[])`, [ids]);
        const known = new Map(existing.map((e) => [e.id, e]));
        const other = existing.find((e) => e.home !== libraryId);
        if (other) throw new ApiError(422, 'IMPORT_INVALID', `Patron id ${other.id} belongs to another library; nothing was imported.`, { problems: [] });
        const now = Date.now();
        const docs: EventDoc[] = checked.patrons.map((p, i) => {
          const doc = {
            id: newId(now + i), deviceId: 'admin', libraryId, hlc: formatHlc({ wallMs: now, counter: i, node: 'admin' }), at: new Date(now).toISOString(),
            type: 'patron.upserted', status: 'pending', reason: '',
            payload: { patron: { ...p, homeLibraryId: libraryId, blocks: (known.get(p.id)?.blocks as unknown[] | undefined) ?? [] } },
          };
          const v = validateEventDoc(doc);
          if (!v.ok) throw new ApiError(422, 'IMPORT_INVALID', `Patron ${p.id}: ${v.message}; nothing was imported.`, { problems: [] });
          return v.value;
        });
        const out = await applyEventsIn(tx, docs);
        const refused = out.results.find((x) => x.status !== 'applied');
        if (refused) throw new ApiError(422, 'IMPORT_INVALID', `A patron was refused (${refused.status === 'rejected' ? refused.reason : refused.status}); nothing was imported.`, { problems: [] });
        const added = checked.patrons.filter((p) => !known.has(p.id)).length;
        const summary = { filename, rows: checked.patrons.length, added, updated: checked.patrons.length - added };
        await writeAudit(tx, actorOf(me), { libraryId, action: 'patrons.imported', target: libraryId, after: summary });
        return summary;
      });
    });
  });
}

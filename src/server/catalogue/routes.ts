// HTTP endpoints of the union catalogue:
//   GET    /api/catalogue/search?q=&field=&page=        paired desk: works with holdings per library
//   GET    /api/catalogue/works/:id                     paired desk: one work, its records and copies
//   GET    /api/catalogue/works/:id/candidates          paired desk: libraries that could lend it (not the desk's own)
//   GET    /admin/catalogue/sources                     administrator: every source with its harvest status
//   POST   /admin/catalogue/sources                     administrator: a new source (SRU or file)
//   GET|PUT|DELETE /admin/catalogue/sources/:id
//   POST   /admin/catalogue/sources/:id/harvest?wait=1  administrator: harvest now ({mode: full|incremental|auto})
//   POST   /admin/catalogue/sources/:id/file            administrator: a MARC file (ISO 2709 or MARCXML) as the body
//   GET    /admin/catalogue/search, /admin/catalogue/works/:id/candidates?exclude=   the same reads for the administrator
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { queryInt } from '#server/http/input';
import { isSearchField, parseQuery, QUERY_MAX_LENGTH, type SearchField } from '#shared/catalogue/query';
import type { SearchResponse } from '#shared/catalogue/wire';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { CatalogueHarvester, type RunResult } from './harvester';
import { getWork, lenderCandidates, PAGE_SIZE, searchWorks } from './search';
import { parseSourceInput } from './source-input';
import { createSource, deleteSource, getSource, listSources, updateSource } from './sources-repo';

type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

const UPLOAD_LIMIT = Number(process.env['RELAY_CATALOGUE_UPLOAD_MB'] || 256) * 1024 * 1024;
const ID_RE = /^[A-Za-z0-9_.:-]{1,120}$/;

function param(req: FastifyRequest, name: string): string {
  const v = (req.params as Record<string, string>)[name] ?? '';
  if (!ID_RE.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${name}: an id of letters, digits and ._:- (at most 120)`);
  return v;
}

async function search(db: Database, req: FastifyRequest): Promise<SearchResponse> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const q = query['q'];
  if (typeof q !== 'string') throw new ApiError(400, 'EMPTY_QUERY', '?q: type a title, author, ISBN, subject or call number.');
  const field = query['field'] ?? 'any';
  if (!isSearchField(field)) throw new ApiError(400, 'VALIDATION_FAILED', '?field: one of title, author, isbn, subject, callnumber, any');
  const page = queryInt(req.query, 'page', 1, 1, 50);
  const parsed = parseQuery(q, field);
  if (!parsed.ok) throw new ApiError(400, parsed.code, parsed.message, parsed.code === 'QUERY_TOO_LONG' ? { max: QUERY_MAX_LENGTH } : undefined);
  const found = await searchWorks(db, parsed.plan, page);
  return { q, field: field as SearchField, page, pageSize: PAGE_SIZE, total: found.total, totalIsCapped: found.capped, works: found.works };
}

function answer(reply: FastifyReply, id: string, r: RunResult) {
  if (r.kind === 'not_found') throw new ApiError(404, 'UNKNOWN_SOURCE', `No catalogue source ${id}.`);
  if (r.kind === 'busy') throw new ApiError(409, 'HARVEST_RUNNING', `A harvest of ${id} is already running; its status is on GET /admin/catalogue/sources/${id}.`);
  if (r.kind === 'wrong_kind') throw new ApiError(409, 'WRONG_SOURCE_KIND', r.expected === 'sru' ? `${id} is harvested over SRU; files are uploaded to a "file" source.` : `${id} takes uploaded files; it has no SRU endpoint to harvest.`);
  const { outcome } = r;
  // The harvest ran but what the source gave could not be indexed: the source's problem, told in detail.
  if (outcome.status === 'failed') throw new ApiError(422, outcome.error?.code ?? 'HARVEST_FAILED', outcome.error?.message ?? 'The harvest failed.', { report: outcome.report });
  return reply.send({ ok: true, id, status: outcome.status, report: outcome.report });
}

export function registerCatalogueRoutes(app: FastifyInstance, db: Database, guards: { requireDevice: Guard; requireAdmin: Guard }): CatalogueHarvester {
  const harvester = new CatalogueHarvester(db, (err, sourceId) => app.log.error({ err, sourceId }, 'catalogue harvest failed'));
  harvester.start();
  app.addHook('onClose', async () => harvester.stop());

  app.register(async (desk) => {
    desk.addHook('preHandler', guards.requireDevice);
    desk.get('/api/catalogue/search', (req) => search(db, req));
    desk.get('/api/catalogue/works/:id', async (req) => {
      const work = await getWork(db, param(req, 'id'));
      if (!work) throw new ApiError(404, 'UNKNOWN_WORK', `No work ${param(req, 'id')} in the union catalogue.`);
      return work;
    });
    desk.get('/api/catalogue/works/:id/candidates', async (req) => ({ candidates: await lenderCandidates(db, param(req, 'id'), { excludeLibraryId: req.device!.libraryId }) }));
  });

  app.register(async (admin) => {
    admin.addHook('preHandler', guards.requireAdmin);
    admin.get('/admin/catalogue/search', (req) => search(db, req));
    admin.get('/admin/catalogue/works/:id/candidates', async (req) => {
      const exclude = (req.query as Record<string, unknown>)['exclude'];
      if (exclude !== undefined && (typeof exclude !== 'string' || !new RegExp(LIBRARY_CODE_PATTERN).test(exclude))) throw new ApiError(400, 'VALIDATION_FAILED', '?exclude: a library code');
      return { candidates: await lenderCandidates(db, param(req, 'id'), { excludeLibraryId: exclude as string | undefined }) };
    });
    admin.get('/admin/catalogue/sources', async () => ({ sources: await listSources(db) }));
    admin.post('/admin/catalogue/sources', async (req, reply) => {
      const input = parseSourceInput(req.body);
      const { rows } = await db.query(`select 1 from records where collection = 'libraries' and id = $1 and not deleted`, [input.libraryId]);
      if (rows.length === 0) throw new ApiError(404, 'UNKNOWN_LIBRARY', `Library ${input.libraryId} is not in the directory.`);
      return reply.status(201).send(await createSource(db, input));
    });
    admin.get('/admin/catalogue/sources/:id', async (req) => {
      const s = await getSource(db, param(req, 'id'));
      if (!s) throw new ApiError(404, 'UNKNOWN_SOURCE', `No catalogue source ${param(req, 'id')}.`);
      return s;
    });
    admin.put('/admin/catalogue/sources/:id', async (req) => {
      const id = param(req, 'id');
      const base = await getSource(db, id);
      if (!base) throw new ApiError(404, 'UNKNOWN_SOURCE', `No catalogue source ${id}.`);
      return updateSource(db, id, parseSourceInput(req.body, base));
    });
    admin.delete('/admin/catalogue/sources/:id', async (req) => {
      const id = param(req, 'id');
      if (!(await deleteSource(db, id))) throw new ApiError(404, 'UNKNOWN_SOURCE', `No catalogue source ${id}.`);
      return { ok: true, id };
    });
    admin.post('/admin/catalogue/sources/:id/harvest', async (req, reply) => {
      const id = param(req, 'id');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const mode = body['mode'] ?? 'auto';
      if (mode !== 'full' && mode !== 'incremental' && mode !== 'auto') throw new ApiError(400, 'VALIDATION_FAILED', '/mode: "full", "incremental" or "auto"');
      const run = harvester.harvest(id, mode);
      if ((req.query as Record<string, unknown>)['wait'] === '1') return answer(reply, id, await run);
      // Unless asked to wait, answer once the harvest has started (or could not).
      const early = await Promise.race([run, new Promise<null>((r) => setTimeout(() => r(null), 200))]);
      if (early) return answer(reply, id, early);
      return reply.status(202).send({ ok: true, id, status: 'running' });
    });
  });

  // The upload takes a raw body of any type, up to its own size limit: its own scope, so the other routes keep theirs.
  app.register(async (upload) => {
    upload.addHook('preHandler', guards.requireAdmin);
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
    upload.setErrorHandler((err: { code?: string; statusCode?: number }, _req, reply) => {
      if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.statusCode === 413) return reply.status(413).send({ error: { code: 'FILE_TOO_LARGE', message: `A MARC file is at most ${UPLOAD_LIMIT / 1048576} MiB; split it and upload the parts to separate file sources.` } });
      throw err;
    });
    upload.post('/admin/catalogue/sources/:id/file', { bodyLimit: UPLOAD_LIMIT }, async (req, reply) => {
      const id = param(req, 'id');
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError(400, 'EMPTY_FILE', 'Send the MARC file (ISO 2709 or MARCXML) as the request body.');
      const format = (req.query as Record<string, unknown>)['format'];
      if (format !== undefined && format !== 'iso2709' && format !== 'marcxml') throw new ApiError(400, 'VALIDATION_FAILED', '?format: "iso2709" or "marcxml" (default: detected)');
      return answer(reply, id, await harvester.importFile(id, body, format));
    });
  });

  return harvester;
}

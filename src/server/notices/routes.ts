// Notices over HTTP. The administrator sees delivery (state, attempts, last
// error; no address, no text), retries a notice, sets templates, senders and
// a patron's contact. A staff desk asks whether a patron was told about a
// request its library takes part in (kind, state, time; never an address).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, queryInt, requireObject, requireString } from '#server/http/input';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import { isParty } from '#shared/domain/requests/history';
import type { RequestRecord } from '#shared/domain/requests/records';
import { NOTICE_KINDS, type NoticeKind } from '#shared/portal/wire';
import { noticeLag } from './consumer';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, type NoticeLanguage } from './default-templates';
import { checkPreferences, getPreferences, isEmailAddress, setPreferences } from './preferences';
import { countsByState, DELIVERY_STATES, listNotices, noticesForRequest, type DeliveryState } from './query';
import type { NoticeService } from './service';
import { deleteTemplate, listTemplates, saveTemplate, templateProblem } from './templates';

const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const LIBRARY_RE = new RegExp(LIBRARY_CODE_PATTERN);

function queryOf(req: FastifyRequest): Record<string, unknown> {
  return (req.query ?? {}) as Record<string, unknown>;
}

/** An optional id in the query string: absent, or 400 naming the parameter. */
function optionalId(q: Record<string, unknown>, field: string, re = ID_RE, what = 'an id'): string | undefined {
  const v = q[field];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !re.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `?${field}: ${what}`);
  return v;
}

function idParam(req: FastifyRequest, name = 'id', re = ID_RE): string {
  const v = (req.params as Record<string, unknown>)[name];
  if (typeof v !== 'string' || !re.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `:${name}: not a valid id`);
  return v;
}

function kindOf(v: unknown, field = 'kind'): NoticeKind {
  if (typeof v !== 'string' || !(NOTICE_KINDS as readonly string[]).includes(v)) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: one of ${NOTICE_KINDS.join(', ')}`);
  return v as NoticeKind;
}

function languageOf(v: unknown, field = 'language'): NoticeLanguage {
  if (v !== 'zh-TW' && v !== 'en') throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: zh-TW or en`);
  return v;
}

/** A template's library: a library code, or null / absent for the consortium's default. */
function templateLibrary(v: unknown, field: string): string | null {
  if (v === undefined || v === null || v === '' || v === '*') return null;
  if (typeof v !== 'string' || !LIBRARY_RE.test(v)) throw new ApiError(400, 'VALIDATION_FAILED', `${field}: a library code such as NKUST, or null for the consortium's default`);
  return v;
}

function templateText(o: Record<string, unknown>, field: 'subject' | 'body', max: number): string {
  const text = requireString(o, field, max);
  const problem = templateProblem(text, field === 'subject');
  if (problem) throw new ApiError(400, 'VALIDATION_FAILED', `/${field}: ${problem}`);
  return text;
}

export function registerNoticeRoutes(
  app: FastifyInstance,
  db: Database,
  notices: NoticeService,
  guards: { requireAdmin: (req: FastifyRequest) => Promise<void>; requireDevice: (req: FastifyRequest, reply: FastifyReply) => Promise<void> },
): void {
  app.register(async (admin) => {
    admin.addHook('preHandler', guards.requireAdmin);

    admin.get('/admin/notices', async (req) => {
      const q = queryOf(req);
      const state = q['state'];
      if (state !== undefined && state !== '' && !(typeof state === 'string' && (DELIVERY_STATES as readonly string[]).includes(state))) {
        throw new ApiError(400, 'VALIDATION_FAILED', `?state: one of ${DELIVERY_STATES.join(', ')}`);
      }
      const patronId = optionalId(q, 'patronId');
      const requestId = optionalId(q, 'requestId');
      const libraryId = optionalId(q, 'libraryId', LIBRARY_RE, 'a library code such as NKUST');
      const before = optionalId(q, 'before', /^[0-9A-Z]{26}$/, 'a notice id');
      const limit = queryInt(q, 'limit', 100, 1, 1000);
      const items = await listNotices(db, {
        limit,
        ...(typeof state === 'string' && state !== '' ? { state: state as DeliveryState } : {}),
        ...(patronId ? { patronId } : {}), ...(requestId ? { requestId } : {}), ...(libraryId ? { libraryId } : {}), ...(before ? { before } : {}),
      });
      return { notices: items, next: items.length === limit ? items[items.length - 1]!.id : null };
    });

    admin.get('/admin/notices/status', async () => ({
      smtp: notices.smtpConfigured
        ? { configured: true, message: 'Notices are sent as they fall due.' }
        : { configured: false, message: 'No SMTP server is configured (SMTP_URL): notices are queued and wait; none is lost.' },
      counts: await countsByState(db),
      consumer: await noticeLag(db),
    }));

    admin.post('/admin/notices/:id/retry', async (req) => {
      const id = idParam(req);
      const { rows } = await db.query<{ state: DeliveryState }>('select state from notices where id = $1', [id]);
      if (!rows[0]) throw new ApiError(404, 'NOTICE_NOT_FOUND', 'No notice has this id.');
      if (rows[0].state === 'sent') throw new ApiError(409, 'NOTICE_ALREADY_SENT', 'This notice was sent; it is not sent again.');
      // Failed or skipped (the patron has since given an address): queued again with a fresh count; the
      // sender checks the patron's address and choices again before sending. A queued one is only made due
      // now: its lease is left alone, or a send in flight elsewhere and this retry could both deliver it.
      await db.query(
        `update notices set attempts = case when state = 'queued' then attempts else 0 end,
                state = 'queued', skip_reason = null, next_attempt_at = now()
          where id = $1 and state <> 'sent'`,
        [id],
      );
      notices.wake();
      return { id, state: 'queued' };
    });

    admin.get('/admin/notices/templates', async (req) => {
      const libraryId = templateLibrary(queryOf(req)['libraryId'], '?libraryId');
      return { libraryId, templates: await listTemplates(db, libraryId), defaults: DEFAULT_TEMPLATES, placeholders: PLACEHOLDERS };
    });

    admin.put('/admin/notices/templates', async (req) => {
      const o = allowOnly(requireObject(req.body), ['libraryId', 'kind', 'language', 'subject', 'body']);
      const t = {
        libraryId: templateLibrary(o['libraryId'], '/libraryId'), kind: kindOf(o['kind']), language: languageOf(o['language']),
        subject: templateText(o, 'subject', 200), body: templateText(o, 'body', 5000),
      };
      await saveTemplate(db, t);
      return t;
    });

    admin.delete('/admin/notices/templates', async (req) => {
      const q = queryOf(req);
      const removed = await deleteTemplate(db, templateLibrary(q['libraryId'], '?libraryId'), kindOf(q['kind'], '?kind'), languageOf(q['language'], '?language'));
      if (!removed) throw new ApiError(404, 'TEMPLATE_NOT_FOUND', 'No saved template for this library, kind and language (the built-in text applies).');
      return { removed: true };
    });

    admin.put('/admin/notices/senders/:libraryId', async (req) => {
      const libraryId = idParam(req, 'libraryId', LIBRARY_RE);
      const o = allowOnly(requireObject(req.body), ['fromName', 'fromAddress']);
      const fromName = requireString(o, 'fromName', 100);
      if (/[\r\n]/.test(fromName)) throw new ApiError(400, 'VALIDATION_FAILED', '/fromName: one line');
      const fromAddress = requireString(o, 'fromAddress', 254);
      if (!isEmailAddress(fromAddress)) throw new ApiError(400, 'VALIDATION_FAILED', '/fromAddress: an email address such as library@example.edu.tw');
      await db.query(
        `insert into notice_senders (library_id, from_name, from_address, updated_at) values ($1, $2, $3, now())
         on conflict (library_id) do update set from_name = excluded.from_name, from_address = excluded.from_address, updated_at = now()`,
        [libraryId, fromName, fromAddress],
      );
      return { libraryId, fromName, fromAddress };
    });

    // A patron's contact, for libraries whose patrons do not use the portal (and for tests).
    admin.get('/admin/notices/contacts/:patronId', async (req) => getPreferences(db, idParam(req, 'patronId')));
    admin.put('/admin/notices/contacts/:patronId', async (req) => setPreferences(db, idParam(req, 'patronId'), checkPreferences(req.body)));
  });

  app.register(async (desk) => {
    desk.addHook('preHandler', guards.requireDevice);
    desk.get('/api/notices', async (req) => {
      const device = req.device!;
      if (device.role !== 'staff') throw new ApiError(403, 'NOT_FOR_THIS_DEVICE', 'Only a staff desk may ask about notices.');
      const requestId = optionalId(queryOf(req), 'requestId');
      if (!requestId) throw new ApiError(400, 'VALIDATION_FAILED', '?requestId: required');
      const { rows } = await db.query<{ data: RequestRecord }>(`select data from records where collection = 'requests' and id = $1 and not deleted`, [requestId]);
      // A library not party to the request gets the same answer as for an unknown one.
      if (!rows[0] || !isParty(rows[0].data, device.libraryId)) throw new ApiError(404, 'REQUEST_NOT_FOUND', 'No request with this id at this library.');
      return { requestId, notices: await noticesForRequest(db, requestId) };
    });
  });
}

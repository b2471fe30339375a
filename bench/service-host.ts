// The service under test, in its own process (forked by bench/service.ts), so
// that the load generator (hundreds of desks, stream readers) does not share
// the service's event loop. Seeding that needs the database itself (pairing
// many desks, bulk request creation, a 50,000-record scope) runs here through
// the service's own functions; everything measured goes through HTTP.
//
// Environment: BENCH_DATABASE_URL (PostgreSQL; unset = embedded PGlite in memory).
import { startService, type RunningService } from '../src/server/service';
import { createPairingCode, pairDevice } from '#server/pairing/auth';
import { applyEvents } from '#server/events/apply-events';
import { writeDocs, type StoredDoc } from '../src/server/records/records-repo';
import { validateEventDoc } from '#server/http/validation';
import { ADMIN_DEVICE_ID } from '#server/events/admin-events';
import { formatHlc } from '../src/shared/domain/hlc';
import { newId } from '../src/shared/domain/ids';
import { SEED_MEMBERS } from '../src/shared/domain/libraries';
import type { EventDoc } from '../src/shared/domain/events';
import type { HoldRecord, LoanRecord, PatronRecord, RequestRecord } from '../src/shared/domain/records';

export interface PairedDevice {
  deviceId: string;
  token: string;
  libraryId: string;
}

export interface RequestSpec {
  requestId: string;
  borrower: string;
  lender: string;
  patronId: string;
  barcode: string;
}

export interface HostUsage {
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  rssBytes: number;
}

export interface ScopeSeed {
  /** Records this library's desks can read, by collection. */
  visible: Record<string, number>;
  /** Records of other libraries interleaved with them (not visible). */
  noise: number;
  ms: number;
}

const item = (barcode: string, i: number) => ({
  barcode, title: `資料結構與演算法 第${(i % 9) + 1}版`, author: '李四', callNumber: `QA76.9 .D35 ${i % 1000}`, location: '3F 書庫', parts: 1,
});

/** A request record as the reducer writes it after request.created (one history entry). */
function requestRecord(id: string, borrower: string, lender: string, patronId: string, barcode: string, i: number, at: string): RequestRecord {
  return {
    id, borrowerLibraryId: borrower, lenderLibraryId: lender, patronId, item: item(barcode, i), neededBy: null, note: '',
    work: null, review: null, rota: [], rotaIndex: -1, askedAt: null,
    borrowerState: 'sent', lenderState: 'new', pullSlipPrintedAt: null, parcelId: null, holdId: null, loanId: null,
    checkedInOn: null, dueDate: null, reason: '',
    history: [{ at, type: 'request.created', eventId: newId(), deviceId: ADMIN_DEVICE_ID, libraryId: borrower, borrowerState: 'sent', lenderState: 'new' }],
    createdAt: at, updatedAt: at,
  };
}

function makeHandlers(svc: RunningService) {
  const db = svc.db;
  return {
    /** Pair one device per entry, directly (POST /pair is limited to 10 a minute per address). */
    async pair(args: { libraryIds: string[]; role?: 'staff' | 'kiosk' }): Promise<PairedDevice[]> {
      const out: PairedDevice[] = [];
      for (const [i, libraryId] of args.libraryIds.entries()) {
        const { code } = await createPairingCode(db, libraryId, args.role ?? 'staff');
        const res = await pairDevice(db, code, `bench desk ${i} ${libraryId}`);
        if (!res.ok) throw new Error(`pairing failed for ${libraryId}: ${res.code}`);
        out.push({ deviceId: res.device.id, token: res.token, libraryId });
      }
      return out;
    },

    /**
     * Create requests as POST /admin/requests does (an admin request.created
     * event through the reducer), 500 to a transaction instead of one.
     */
    async createRequests(args: { requests: RequestSpec[] }): Promise<{ applied: number; ms: number }> {
      const t0 = performance.now();
      let applied = 0;
      for (let i = 0; i < args.requests.length; i += 500) {
        const now = Date.now();
        const batch: EventDoc[] = args.requests.slice(i, i + 500).map((r, j) => {
          const doc = {
            id: newId(now), deviceId: ADMIN_DEVICE_ID, libraryId: r.borrower, hlc: formatHlc({ wallMs: now, counter: j, node: ADMIN_DEVICE_ID }),
            at: new Date(now).toISOString(), type: 'request.created', status: 'pending', reason: '',
            payload: { requestId: r.requestId, patronId: r.patronId, lenderLibraryId: r.lender, item: item(r.barcode, i + j), neededBy: null, note: '' },
          };
          const v = validateEventDoc(doc);
          if (!v.ok) throw new Error(`request ${r.requestId}: ${v.message}`);
          return v.value;
        });
        const out = await applyEvents(db, batch);
        for (const r of out.results) {
          if (r.status !== 'applied') throw new Error(`seeding a request failed: ${JSON.stringify(r)}`);
          applied++;
        }
      }
      return { applied, ms: performance.now() - t0 };
    },

    /**
     * Seed a library's scope directly, with the service's own writeDocs (same
     * rows, sequence numbers and NOTIFY as a real write), 5,000 a transaction:
     * patrons 20 %, requests 50 % (half as lender, half as borrower), loans 20 %,
     * holds 10 %, plus `noise` requests between two other libraries, interleaved.
     */
    async seedScope(args: { libraryId: string; visible: number; noise: number }): Promise<ScopeSeed> {
      const t0 = performance.now();
      const L = args.libraryId;
      const others = SEED_MEMBERS.map((m) => m.code).filter((c) => c !== L);
      const at = new Date().toISOString();
      const visible: Record<string, number> = {};
      const docs: StoredDoc[] = [];
      const noiseEvery = args.noise > 0 ? Math.max(1, Math.floor(args.visible / args.noise)) : Infinity;
      let noise = 0;
      const flush = async (force: boolean) => {
        if (docs.length === 0 || (!force && docs.length < 5000)) return;
        const chunk = docs.splice(0, docs.length);
        await db.transaction((tx) => writeDocs(tx, chunk));
      };
      for (let i = 0; i < args.visible; i++) {
        const slot = i % 10;
        const o = others[i % others.length]!;
        const patronId = `bp-${L}-${Math.floor(i / 5)}`;
        let d: StoredDoc;
        if (slot < 2) {
          const p: PatronRecord = {
            id: `bp-${L}-${i}`, homeLibraryId: L, cardNumbers: [`2${String(i).padStart(12, '0')}`], name: '王小明', status: 'active',
            expiresOn: '2099-12-31', blocks: [], loanCount: 0, finesOwed: 0, updatedAt: at,
          };
          d = { collection: 'patrons', doc: p };
        } else if (slot < 7) {
          const asLender = slot % 2 === 0;
          d = { collection: 'requests', doc: requestRecord(`bs-${L}-${i}`, asLender ? o : L, asLender ? L : o, patronId, `3${String(i).padStart(13, '0')}`, i, at) };
        } else if (slot < 9) {
          const loan: LoanRecord = {
            id: `bl-${L}-${i}`, requestId: null, itemBarcode: `4${String(i).padStart(13, '0')}`, title: item('', i).title, patronId, libraryId: L,
            ownerLibraryId: L, startedAt: at, dueDate: '2099-01-31', renewals: 0, state: 'active', returnedAt: null, fineAmount: 0, updatedAt: at,
          };
          d = { collection: 'loans', doc: loan };
        } else {
          const hold: HoldRecord = {
            id: `bh-${L}-${i}`, requestId: `bs-${L}-${i}`, patronId, libraryId: L, ownerLibraryId: o, itemBarcode: `5${String(i).padStart(13, '0')}`, title: item('', i).title,
            parts: 1, shelfSpot: `H-${i % 1000}`, shelvedOn: at.slice(0, 10), pickupBy: '2099-01-31', state: 'waiting', updatedAt: at,
          };
          d = { collection: 'holds', doc: hold };
        }
        visible[d.collection] = (visible[d.collection] ?? 0) + 1;
        docs.push(d);
        if (i % noiseEvery === 0 && noise < args.noise) {
          const a = others[noise % others.length]!;
          const b = others[(noise + 1) % others.length]!;
          docs.push({ collection: 'requests', doc: requestRecord(`bn-${L}-${noise}`, a, b, `bp-${a}-x`, `6${String(noise).padStart(13, '0')}`, noise, at) });
          noise++;
        }
        await flush(false);
      }
      await flush(true);
      // A server that has held these records for a while has planner statistics for them (autovacuum
      // analyzes after ~10 % of a table changes, within a minute). Without them the pull query's row
      // estimate is ~100x low and PostgreSQL sorts the whole remaining collection for every page.
      await db.query('analyze records');
      await db.query('analyze record_scopes');
      return { visible, noise, ms: performance.now() - t0 };
    },

    async usage(): Promise<HostUsage> {
      const u = process.cpuUsage();
      return { cpuMicros: u.user + u.system, rssBytes: process.memoryUsage().rss };
    },

    async stop(): Promise<void> {
      await svc.stop();
    },
  };
}

export type HostApi = ReturnType<typeof makeHandlers>;
export type HostCommand = keyof HostApi;

export type HostMessage =
  | { type: 'ready'; url: string; adminToken: string; database: string }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string };

async function main(): Promise<void> {
  const send = (m: HostMessage) => process.send!(m);
  const databaseUrl = process.env['BENCH_DATABASE_URL'] || undefined;
  const svc = await startService({ port: 0, inMemory: true, databaseUrl, rateLimitPerMinute: 1_000_000_000, logger: false });
  const handlers = makeHandlers(svc);
  process.on('message', (raw) => {
    const msg = raw as { id: number; cmd: HostCommand; args: unknown };
    const fn = handlers[msg.cmd] as ((args: unknown) => Promise<unknown>) | undefined;
    if (!fn) {
      send({ type: 'reply', id: msg.id, ok: false, error: `unknown command ${String(msg.cmd)}` });
      return;
    }
    fn(msg.args).then(
      (result) => {
        send({ type: 'reply', id: msg.id, ok: true, result: result ?? null });
        if (msg.cmd === 'stop') process.disconnect();
      },
      (err: unknown) => send({ type: 'reply', id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 2000).unref());
  send({ type: 'ready', url: svc.url, adminToken: svc.adminToken, database: svc.db.kind });
}

// Only when forked with an IPC channel (importing this file for its types runs nothing).
if (process.send) {
  main().catch((err: unknown) => {
    console.error('bench service host failed:', err);
    process.exit(1);
  });
}

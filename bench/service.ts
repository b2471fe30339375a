// Central service benchmarks, on embedded PGlite and on a PostgreSQL server.
// The service runs in a child process (bench/service-host.ts); this process
// plays the desks over HTTP on loopback, exactly as desks would.
//
//   events  events applied per second through POST /replication/events/push
//   pull    a fresh full pull of a 50,000-record library scope, records/s
//   push    push latency under 50 concurrent desks (open loop), p50/p95
//   stream  time for one change to reach 200 desks on the SSE stream, p50/p95
//
// Every value is measured in the run that reports it; the seeding around it
// (requests, a library's records, paired desks) is not timed.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport, Better } from './report';
import type { HostApi, HostCommand, HostMessage, HostUsage, PairedDevice, RequestSpec } from './service-host';
import { AdminClient, DeskClient, http } from '../test/support/client';
import { TEST_DATABASE_URL, createTestDatabase, postgresAvailable } from '../test/support/service';
import { SEED_MEMBERS } from '../src/shared/domain/libraries';
import { ROLE_COLLECTIONS } from '../src/shared/domain/access';
import { SseParser } from '../src/shared/sse-parser';
import { MAX_PULL_LIMIT, MAX_PUSH_ROWS, MAX_RECORDS_PULL_LIMIT, SYNC_PATHS } from '#shared/sync/protocol';
import { rng } from './bench-support';

type Backend = 'pglite' | 'postgres';
const BACKENDS: readonly Backend[] = ['pglite', 'postgres'];
const MEASUREMENTS = ['events', 'pull', 'push', 'stream'] as const;
type Measurement = (typeof MEASUREMENTS)[number];

// ---- load parameters -------------------------------------------------------

/** events: lender desks pushing at once, and requests each works through (2 events per request). */
const EVENT_DESKS = 4;
const EVENT_REQUESTS_PER_DESK: Record<Backend, number> = { pglite: 2000, postgres: 4000 };
/** pull: records one library can read, and other libraries' records interleaved with them. */
const PULL_SCOPE = 50_000;
const PULL_NOISE = 10_000;
const PULL_LIBRARY = 'NTTU';
/** push: the open-loop load model (see measurePush). */
const PUSH_DESKS = 50;
const PUSH_INTERVAL_MS = 200;
const PUSH_DURATION_MS = 10_000;
const PUSH_MAX_EVENTS = 3;
/** stream: connected desks, measured changes, and unmeasured warm-up changes before them. */
const STREAM_DESKS = 200;
const STREAM_CHANGES = 20;
const STREAM_WARMUP = 2;
const STREAM_TIMEOUT_MS = 10_000;

/** push, unloaded baseline: one desk, one push at a time. */
const PUSH_BASELINE_PUSHES = 200;

const PUSH_MODEL = `${PUSH_DESKS} desks, 1 push/${PUSH_INTERVAL_MS} ms each, 1-${PUSH_MAX_EVENTS} events`;
const PULL_SEQUENTIAL = `service.pull_records_per_s (${PULL_SCOPE / 1000}k-record scope, limit ${MAX_PULL_LIMIT}, one collection at a time)`;
const PULL_PARALLEL = `service.pull_records_per_s (${PULL_SCOPE / 1000}k-record scope, limit ${MAX_PULL_LIMIT}, collections in parallel like the desk)`;
const PULL_ONE_STREAM = `service.pull_records_per_s (${PULL_SCOPE / 1000}k-record scope, the desk's one record stream, limit ${MAX_RECORDS_PULL_LIMIT})`;
const PUSH_UNLOADED = `service.push_latency_p50 (1 desk, one push at a time, 1-${PUSH_MAX_EVENTS} events)`;

interface RowSpec {
  key: string;
  measurement: Measurement;
  unit: string;
  target: number | null;
  better: Better;
}

const ROWS: readonly RowSpec[] = [
  { key: 'service.events_applied_per_s', measurement: 'events', unit: 'events/s', target: 5000, better: 'higher' },
  { key: PULL_SEQUENTIAL, measurement: 'pull', unit: 'records/s', target: 30_000, better: 'higher' },
  { key: PULL_PARALLEL, measurement: 'pull', unit: 'records/s', target: null, better: 'higher' },
  { key: PULL_ONE_STREAM, measurement: 'pull', unit: 'records/s', target: 30_000, better: 'higher' },
  { key: PUSH_UNLOADED, measurement: 'push', unit: 'ms', target: null, better: 'lower' },
  { key: `service.push_latency_p50 (${PUSH_MODEL})`, measurement: 'push', unit: 'ms', target: null, better: 'lower' },
  { key: `service.push_latency_p95 (${PUSH_MODEL})`, measurement: 'push', unit: 'ms', target: 50, better: 'lower' },
  { key: `service.push_rate (${PUSH_MODEL})`, measurement: 'push', unit: 'pushes/s', target: null, better: 'higher' },
  { key: `service.stream_fanout_p50 (${STREAM_DESKS} desks, ${STREAM_CHANGES} changes)`, measurement: 'stream', unit: 'ms', target: null, better: 'lower' },
  { key: `service.stream_fanout_p95 (${STREAM_DESKS} desks, ${STREAM_CHANGES} changes)`, measurement: 'stream', unit: 'ms', target: 250, better: 'lower' },
];

const rowName = (key: string, backend: Backend) => `${key} [${backend}]`;

function addRow(report: BenchReport, backend: Backend, key: string, value: number): void {
  const spec = ROWS.find((r) => r.key === key);
  if (!spec) throw new Error(`no row ${key}`);
  report.add({ name: rowName(key, backend), value, unit: spec.unit, target: spec.target, better: spec.better });
}

// ---- small helpers ---------------------------------------------------------

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round1 = (v: number) => Math.round(v * 10) / 10;


/**
 * CPU ticks (1/100 s) used so far by each local PostgreSQL server process, by
 * pid (null if none is visible, e.g. a server on another machine).
 */
function postgresCpuTicks(): Map<string, number> | null {
  const out = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      out.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      /* the process ended */
    }
  }
  return out.size > 0 ? out : null;
}

/** CPU seconds PostgreSQL processes used between two samples (processes that ended meanwhile are not counted). */
function postgresCpuSecondsBetween(a: Map<string, number> | null, b: Map<string, number> | null): number | null {
  if (!a || !b) return null;
  let ticks = 0;
  for (const [pid, t] of b) ticks += t - (a.get(pid) ?? 0);
  return ticks / 100;
}

// ---- the service under test, in a child process ------------------------------

export class ServiceHost {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly backend: Backend,
    readonly url: string,
    readonly adminToken: string,
    private readonly drop: (() => Promise<void>) | null,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (raw) => {
      const m = raw as HostMessage;
      if (m.type !== 'reply') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`service host: ${m.error}`));
    });
    child.once('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`service host exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(backend: Backend): Promise<ServiceHost> {
    let databaseUrl = '';
    let drop: (() => Promise<void>) | null = null;
    if (backend === 'postgres') ({ url: databaseUrl, drop } = await createBenchDatabase());
    // BENCH_SERVICE_CPU_PROF=<dir>: write a V8 CPU profile of the service process there (for finding bottlenecks).
    const profDir = process.env['BENCH_SERVICE_CPU_PROF'];
    const child = fork(join(__dirname, 'service-host.ts'), [], {
      execArgv: [...process.execArgv, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])],
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    try {
      const ready = await new Promise<Extract<HostMessage, { type: 'ready' }>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the service did not start within 60 s')), 60_000);
        child.on('message', (m: HostMessage) => {
          if (m.type === 'ready') {
            clearTimeout(timer);
            resolve(m);
          }
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the service process exited with ${code} before it was ready`));
        });
      });
      return new ServiceHost(child, backend, ready.url, ready.adminToken, drop);
    } catch (err) {
      child.kill('SIGKILL');
      if (drop) await drop();
      throw err;
    }
  }

  call<C extends HostCommand>(cmd: C, args: Parameters<HostApi[C]>[0]): Promise<Awaited<ReturnType<HostApi[C]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, args });
    });
  }

  async usage(): Promise<HostUsage> {
    return this.call('usage', undefined);
  }

  async stop(): Promise<void> {
    try {
      if (this.child.connected) await Promise.race([this.call('stop', undefined), sleep(15_000)]);
      const gone = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!gone) {
        this.child.kill('SIGKILL');
        await this.exited;
      }
    } finally {
      if (this.drop) await this.drop();
    }
  }
}

function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createTestDatabase('relay_bench');
}

/** Times fn and prints where the CPU went meanwhile: the service process, PostgreSQL, this (desk) process. */
async function timed<T>(host: ServiceHost, label: string, fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const s0 = await host.usage();
  const pg0 = host.backend === 'postgres' ? postgresCpuTicks() : null;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const pg1 = host.backend === 'postgres' ? postgresCpuTicks() : null;
  const s1 = await host.usage();
  const pct = (cpuMs: number) => `${Math.round((cpuMs / ms) * 100)}%`;
  const pgSeconds = postgresCpuSecondsBetween(pg0, pg1);
  const pgPart = pgSeconds === null ? '' : `, postgres (all local server processes) ${pct(pgSeconds * 1000)}`;
  console.log(`    ${label}: ${(ms / 1000).toFixed(2)} s; CPU (of one core): service ${pct((s1.cpuMicros - s0.cpuMicros) / 1000)}${pgPart}, desks/bench ${pct((c1.user + c1.system) / 1000)}; service RSS ${Math.round(s1.rssBytes / 2 ** 20)} MiB`);
  return { result, ms };
}

// ---- a server-sent events reader, as a desk uses the stream --------------------

interface StreamEvent {
  event: string;
  data: unknown;
}

class StreamDesk {
  private readonly abort = new AbortController();
  private done: Promise<void> = Promise.resolve();
  resynced!: Promise<void>;

  constructor(
    readonly base: string,
    readonly token: string,
    private readonly onEvent: (e: StreamEvent, at: number) => void,
  ) {}

  async open(): Promise<void> {
    const res = await fetch(`${this.base}${SYNC_PATHS.stream}`, { headers: { authorization: `Bearer ${this.token}` }, signal: this.abort.signal });
    if (res.status !== 200 || !res.body) throw new Error(`stream → ${res.status}`);
    const reader = res.body.getReader();
    let markResynced!: () => void;
    this.resynced = new Promise((r) => (markResynced = r));
    const decoder = new TextDecoder();
    const parser = new SseParser();
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const at = performance.now();
          for (const { event, data } of parser.push(decoder.decode(value, { stream: true }))) {
            const parsed: unknown = JSON.parse(data);
            if (event === 'resync') markResynced();
            this.onEvent({ event, data: parsed }, at);
          }
        }
      } catch (err) {
        if (!this.abort.signal.aborted) throw err;
      }
    })();
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done.catch(() => undefined);
  }
}

// ---- the measurements ----------------------------------------------------------

interface Ctx {
  backend: Backend;
  host: ServiceHost;
  admin: AdminClient;
  patrons: Map<string, string>;
}

/** One active patron per borrowing library, through the admin API. */
async function patronOf(ctx: Ctx, libraryId: string): Promise<string> {
  let id = ctx.patrons.get(libraryId);
  if (!id) {
    id = `bpat-${libraryId}`;
    await ctx.admin.patron(id, libraryId, `29${String(ctx.patrons.size).padStart(11, '0')}`);
    ctx.patrons.set(libraryId, id);
  }
  return id;
}

function desksFrom(ctx: Ctx, paired: PairedDevice[]): DeskClient[] {
  return paired.map((p) => new DeskClient(ctx.host.url, p.deviceId, p.libraryId, p.token, 'staff'));
}

/** The two lender steps for a request: print its pull slip, pack it into a parcel to the borrower. */
function lenderEvents(desk: DeskClient, r: RequestSpec, parcelId: string) {
  return {
    slip: () => desk.event('request.pull_slip_printed', { requestIds: [r.requestId] }),
    pack: () => desk.event('item.packed', { parcelId, toLibraryId: r.borrower, requestId: r.requestId, itemBarcode: r.barcode }),
  };
}

function assertAllApplied(label: string, sent: number, res: Awaited<ReturnType<DeskClient['pushRaw']>>): number {
  if (res.status !== 200) throw new Error(`${label}: push → ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  const { results, conflicts } = res.body;
  if (conflicts.length > 0) throw new Error(`${label}: ${conflicts.length} conflicts`);
  if (results.length !== sent) throw new Error(`${label}: ${results.length} results for ${sent} events`);
  const bad = results.filter((r) => r.status !== 'applied');
  if (bad.length > 0) throw new Error(`${label}: ${bad.length} of ${sent} events not applied, e.g. ${JSON.stringify(bad[0])}`);
  return results.length;
}

/**
 * 1. Events applied per second. EVENT_DESKS lender desks (one library each)
 * work through their pick lists at once: for every 500 requests, one push of
 * 500 pull-slip events (one request each), then one push of 500 item.packed
 * events (parcels of ~10 items per borrower). Each desk pushes its batches one
 * after another, as a desk's replication does. Only applied events count; any
 * other result fails the run.
 */
async function measureEvents(ctx: Ctx, report: BenchReport): Promise<void> {
  const lenders = ['NPU', 'WFU', 'HWU', 'STUST'].slice(0, EVENT_DESKS);
  const borrowers = ['KSU', 'FEU', 'CNU', 'NTIN'];
  const perDesk = EVENT_REQUESTS_PER_DESK[ctx.backend];
  const specs: RequestSpec[][] = [];
  for (const [d, lender] of lenders.entries()) {
    const list: RequestSpec[] = [];
    for (let k = 0; k < perDesk; k++) {
      const borrower = borrowers[k % borrowers.length]!;
      list.push({ requestId: `be-${lender}-${k}`, borrower, lender, patronId: await patronOf(ctx, borrower), barcode: `31${d}${String(k).padStart(11, '0')}` });
    }
    specs.push(list);
  }
  const seeded = await ctx.host.call('createRequests', { requests: specs.flat() });
  console.log(`    seeded ${seeded.applied} requests in ${(seeded.ms / 1000).toFixed(1)} s`);
  const desks = desksFrom(ctx, await ctx.host.call('pair', { libraryIds: lenders }));

  // Each desk's outbox, built before the clock starts.
  const pushes = desks.map((desk, d) => {
    const out: unknown[][] = [];
    const list = specs[d]!;
    for (let i = 0; i < list.length; i += MAX_PUSH_ROWS) {
      const chunk = list.slice(i, i + MAX_PUSH_ROWS);
      const steps = chunk.map((r, j) => lenderEvents(desk, r, `bpar-${desk.libraryId}-${r.borrower}-${Math.floor((i + j) / (10 * borrowers.length))}`));
      out.push(steps.map((s) => s.slip()));
      out.push(steps.map((s) => s.pack()));
    }
    return out;
  });
  const total = pushes.flat().reduce((n, p) => n + p.length, 0);

  const { result: applied, ms } = await timed(ctx.host, `${total} events in ${pushes.flat().length} pushes from ${desks.length} desks`, async () => {
    const counts = await Promise.all(
      desks.map(async (desk, d) => {
        let n = 0;
        for (const [i, body] of pushes[d]!.entries()) n += assertAllApplied(`desk ${desk.libraryId} push ${i}`, body.length, await desk.pushRaw(body));
        return n;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  });
  if (applied !== total) throw new Error(`applied ${applied} of ${total} events`);
  addRow(report, ctx.backend, 'service.events_applied_per_s', Math.round(applied / (ms / 1000)));
}

/**
 * 2. Pull throughput. PULL_SCOPE records readable by one library (patrons,
 * requests as lender and as borrower, loans, holds) with PULL_NOISE requests
 * of other libraries interleaved, written with the service's writeDocs. Then a
 * newly paired desk of that library pulls every collection its role reads,
 * from seq 0, MAX_PULL_LIMIT a page, until empty: first one collection after
 * another (one request in flight), then, with a second new desk, all
 * collections at once, each its own chain of pages (as the desk's RxDB
 * replication does). records/s = documents received / time.
 */
async function measurePull(ctx: Ctx, report: BenchReport): Promise<void> {
  const seed = await ctx.host.call('seedScope', { libraryId: PULL_LIBRARY, visible: PULL_SCOPE, noise: PULL_NOISE });
  console.log(`    seeded ${PULL_SCOPE} records of ${PULL_LIBRARY} (${JSON.stringify(seed.visible)}) + ${seed.noise} others in ${(seed.ms / 1000).toFixed(1)} s`);
  const [first, second] = desksFrom(ctx, await ctx.host.call('pair', { libraryIds: [PULL_LIBRARY, PULL_LIBRARY] }));
  const collections = ROLE_COLLECTIONS.staff;
  const check = (pulled: Record<string, number>) => {
    for (const [c, n] of Object.entries(seed.visible)) {
      if (pulled[c] !== n) throw new Error(`pulled ${pulled[c]} ${c}, expected ${n}`);
    }
    return Object.values(pulled).reduce((a, b) => a + b, 0);
  };

  const seq = await timed(ctx.host, `full pull of ${collections.length} collections, one at a time`, async () => {
    const counts: Record<string, number> = {};
    for (const c of collections) counts[c] = (await first!.pullAll(c)).documents.length;
    return counts;
  });
  const total = check(seq.result);
  console.log(`    pulled ${total} documents: ${JSON.stringify(seq.result)}`);
  addRow(report, ctx.backend, PULL_SEQUENTIAL, Math.round(total / (seq.ms / 1000)));

  const par = await timed(ctx.host, `full pull of ${collections.length} collections in parallel`, async () => {
    const counts = await Promise.all(collections.map(async (c) => [c, (await second!.pullAll(c)).documents.length] as const));
    return Object.fromEntries(counts);
  });
  addRow(report, ctx.backend, PULL_PARALLEL, Math.round(check(par.result) / (par.ms / 1000)));

  // The desk's one record stream (every record collection, one checkpoint), from a third new desk.
  const [third] = desksFrom(ctx, await ctx.host.call('pair', { libraryIds: [PULL_LIBRARY] }));
  const one = await timed(ctx.host, 'full pull as one record stream', async () => {
    const { rows, pages } = await third!.pullRecords();
    const counts: Record<string, number> = Object.fromEntries(collections.map((c) => [c, 0]));
    for (const r of rows) counts[r.collection] = (counts[r.collection] ?? 0) + 1;
    return { counts, pages };
  });
  console.log(`    one record stream: ${one.result.pages} requests`);
  addRow(report, ctx.backend, PULL_ONE_STREAM, Math.round(check(one.result.counts) / (one.ms / 1000)));
}

/**
 * 3. Push latency under load. Load model (open loop): PUSH_DESKS staff desks
 * at 25 lender libraries (two desks each), each sending one push every
 * PUSH_INTERVAL_MS for PUSH_DURATION_MS at a fixed random phase, whether or not
 * its previous push has returned; each push holds 1-PUSH_MAX_EVENTS events
 * (uniform) taken from the desk's pick list: pull slip, then packing, request
 * by request. That is 250 pushes/s, about 500 events/s, all applied. Latency is
 * measured from the push's scheduled send time to its response (so client-side
 * delay counts, as it would for a desk). Before the load, one more desk pushes
 * PUSH_BASELINE_PUSHES such pushes one at a time: the unloaded latency, which
 * (pushes being serialised by the service) bounds the push rate it can sustain.
 */
async function measurePush(ctx: Ctx, report: BenchReport): Promise<void> {
  const libs = SEED_MEMBERS.map((m) => m.code).filter((c) => c !== PULL_LIBRARY);
  const lenderCount = 25;
  const pushesPerDesk = Math.ceil(PUSH_DURATION_MS / PUSH_INTERVAL_MS);
  const requestsPerDesk = Math.ceil((pushesPerDesk * PUSH_MAX_EVENTS) / 2) + 5;
  // PUSH_DESKS desks under load, and one more for the unloaded baseline.
  const deskLibs = Array.from({ length: PUSH_DESKS + 1 }, (_, i) => libs[i % lenderCount]!);
  const specs: RequestSpec[][] = [];
  for (const [i, lender] of deskLibs.entries()) {
    const borrower = libs[(i % lenderCount) + 1]!;
    const patronId = await patronOf(ctx, borrower);
    const count = i === PUSH_DESKS ? Math.ceil((PUSH_BASELINE_PUSHES * PUSH_MAX_EVENTS) / 2) + 5 : requestsPerDesk;
    specs.push(Array.from({ length: count }, (_, k) => ({ requestId: `bq-${i}-${k}`, borrower, lender, patronId, barcode: `32${String(i).padStart(3, '0')}${String(k).padStart(8, '0')}` })));
  }
  const seeded = await ctx.host.call('createRequests', { requests: specs.flat() });
  console.log(`    seeded ${seeded.applied} requests in ${(seeded.ms / 1000).toFixed(1)} s`);
  const desks = desksFrom(ctx, await ctx.host.call('pair', { libraryIds: deskLibs }));
  const queues = desks.map((desk, i) => specs[i]!.flatMap((r, k) => {
    const s = lenderEvents(desk, r, `bpq-${i}-${Math.floor(k / 10)}`);
    return [s.slip, s.pack];
  }));
  const random = rng(42);
  const takeBatch = (i: number) => {
    const batch = queues[i]!.splice(0, 1 + Math.floor(random() * PUSH_MAX_EVENTS)).map((make) => make());
    if (batch.length === 0) throw new Error(`desk ${i} ran out of work`);
    return batch;
  };

  // Baseline: the last desk alone, one push at a time (its own requests, beyond what the load uses).
  const base = PUSH_DESKS;
  const baseDesk = desks[base]!;
  const unloaded: number[] = [];
  await timed(ctx.host, `baseline: ${PUSH_BASELINE_PUSHES} pushes from 1 desk, one at a time`, async () => {
    for (let n = 0; n < PUSH_BASELINE_PUSHES; n++) {
      const batch = takeBatch(base);
      const t0 = performance.now();
      const res = await baseDesk.pushRaw(batch);
      unloaded.push(performance.now() - t0);
      assertAllApplied(`baseline push ${n}`, batch.length, res);
    }
  });
  console.log(`    baseline: p95 ${round1(percentile(unloaded, 95))} ms, i.e. at most ~${Math.round(1000 / percentile(unloaded, 50))} small pushes/s if pushes are serialised`);
  addRow(report, ctx.backend, PUSH_UNLOADED, round1(percentile(unloaded, 50)));

  const latencies: number[] = [];
  let events = 0;
  const { ms } = await timed(ctx.host, `${PUSH_MODEL} for ${PUSH_DURATION_MS / 1000} s`, async () => {
    const start = performance.now() + 50;
    const inflight: Array<Promise<void>> = [];
    await Promise.all(desks.slice(0, PUSH_DESKS).map(async (desk, i) => {
      const phase = random() * PUSH_INTERVAL_MS;
      for (let n = 0; n < pushesPerDesk; n++) {
        const due = start + phase + n * PUSH_INTERVAL_MS;
        if (due >= start + PUSH_DURATION_MS) break;
        await sleep(due - performance.now());
        const batch = takeBatch(i);
        inflight.push(desk.pushRaw(batch).then((res) => {
          latencies.push(performance.now() - due);
          events += assertAllApplied(`desk ${i} push ${n}`, batch.length, res);
        }));
      }
    }));
    await Promise.all(inflight);
  });
  console.log(`    ${latencies.length} pushes, ${events} events applied; max ${round1(Math.max(...latencies))} ms`);
  addRow(report, ctx.backend, `service.push_latency_p50 (${PUSH_MODEL})`, round1(percentile(latencies, 50)));
  addRow(report, ctx.backend, `service.push_latency_p95 (${PUSH_MODEL})`, round1(percentile(latencies, 95)));
  addRow(report, ctx.backend, `service.push_rate (${PUSH_MODEL})`, Math.round(latencies.length / (ms / 1000)));
}

/**
 * 4. Live fan-out. STREAM_DESKS desks (across all member libraries) hold
 * GET /replication/stream open. The administrator then changes a library's
 * directory entry (public: every device receives it) STREAM_WARMUP +
 * STREAM_CHANGES times, one change at a time. Per change: the time from the
 * start of the PUT until the last of the desks has received the change event;
 * p50/p95 over the measured changes.
 */
async function measureStream(ctx: Ctx, report: BenchReport): Promise<void> {
  const codes = SEED_MEMBERS.map((m) => m.code);
  const paired = await ctx.host.call('pair', { libraryIds: Array.from({ length: STREAM_DESKS }, (_, i) => codes[i % codes.length]!) });
  const expect = new Map<string, { start: number; seen: Set<number>; arrivals: number[]; done: () => void }>();
  const streams = paired.map((p, i) => new StreamDesk(ctx.host.url, p.token, (e, at) => {
    if (e.event !== 'records') return;
    const page = e.data as { rows: Array<{ collection: string; doc: { contact?: string } }> };
    for (const { collection, doc } of page.rows) {
      if (collection !== 'libraries') continue;
      const x = doc.contact === undefined ? undefined : expect.get(doc.contact);
      if (!x || x.seen.has(i)) continue;
      x.seen.add(i);
      x.arrivals.push(at - x.start);
      if (x.seen.size === STREAM_DESKS) x.done();
    }
  }));
  try {
    for (const s of streams) await s.open();
    await Promise.all(streams.map((s) => s.resynced));
    const health = await http<{ streams: number }>(ctx.host.url, 'GET', SYNC_PATHS.health);
    if (health.body.streams !== STREAM_DESKS) throw new Error(`the service counts ${health.body.streams} streams, expected ${STREAM_DESKS}`);

    const target = 'NPU';
    const { documents } = await ctx.admin.records<{ id: string; updatedAt: string }>('libraries');
    const lib = documents.find((d) => d.id === target);
    if (!lib) throw new Error(`no library ${target}`);
    const { id: _id, updatedAt: _u, ...body } = lib;

    const perChange: number[] = [];
    const deliveries: number[] = [];
    await timed(ctx.host, `${STREAM_WARMUP} + ${STREAM_CHANGES} changes to ${STREAM_DESKS} streams`, async () => {
      for (let c = 0; c < STREAM_WARMUP + STREAM_CHANGES; c++) {
        const marker = `bench-${c}-${Date.now()}`;
        let done!: () => void;
        const all = new Promise<void>((r) => (done = r));
        const start = performance.now();
        const x = { start, seen: new Set<number>(), arrivals: [] as number[], done };
        expect.set(marker, x);
        await ctx.admin.call('PUT', `/admin/libraries/${target}`, { ...body, contact: marker });
        const ok = await Promise.race([all.then(() => true), sleep(STREAM_TIMEOUT_MS).then(() => false)]);
        if (!ok) throw new Error(`change ${c}: only ${x.seen.size} of ${STREAM_DESKS} desks received it within ${STREAM_TIMEOUT_MS} ms`);
        if (c >= STREAM_WARMUP) {
          perChange.push(Math.max(...x.arrivals));
          deliveries.push(...x.arrivals);
        }
        expect.delete(marker);
        await sleep(100);
      }
    });
    console.log(`    per delivery (${deliveries.length}): p50 ${round1(percentile(deliveries, 50))} ms, p95 ${round1(percentile(deliveries, 95))} ms; slowest change ${round1(Math.max(...perChange))} ms`);
    addRow(report, ctx.backend, `service.stream_fanout_p50 (${STREAM_DESKS} desks, ${STREAM_CHANGES} changes)`, round1(percentile(perChange, 50)));
    addRow(report, ctx.backend, `service.stream_fanout_p95 (${STREAM_DESKS} desks, ${STREAM_CHANGES} changes)`, round1(percentile(perChange, 95)));
  } finally {
    await Promise.all(streams.map((s) => s.close()));
  }
}

const RUNNERS: Record<Measurement, (ctx: Ctx, report: BenchReport) => Promise<void>> = {
  events: measureEvents,
  pull: measurePull,
  push: measurePush,
  stream: measureStream,
};

/** `only`: backends and/or measurements to run (empty: all). */
export async function runServiceBench(report: BenchReport, only: string[]): Promise<void> {
  const unknown = only.filter((o) => !BACKENDS.includes(o as Backend) && !MEASUREMENTS.includes(o as Measurement));
  if (unknown.length > 0) throw new Error(`unknown service filter ${unknown.join(', ')} (backends: ${BACKENDS.join(', ')}; measurements: ${MEASUREMENTS.join(', ')})`);
  const backends = BACKENDS.filter((b) => only.every((o) => !BACKENDS.includes(o as Backend)) || only.includes(b));
  const measurements = MEASUREMENTS.filter((m) => only.every((o) => !MEASUREMENTS.includes(o as Measurement)) || only.includes(m));

  for (const backend of backends) {
    console.log(`\n--- service on ${backend} ---`);
    if (backend === 'postgres' && !(await postgresAvailable())) {
      console.log(`\n*** SKIPPED: PostgreSQL is not reachable at ${TEST_DATABASE_URL} (set TEST_DATABASE_URL); the [postgres] rows are not measured ***\n`);
      for (const r of ROWS.filter((row) => measurements.includes(row.measurement))) {
        report.skip({ name: rowName(r.key, backend), unit: r.unit, target: r.target, better: r.better }, 'PostgreSQL unreachable');
      }
      continue;
    }
    const host = await ServiceHost.start(backend);
    try {
      const ctx: Ctx = { backend, host, admin: new AdminClient(host.url, host.adminToken), patrons: new Map() };
      for (const m of measurements) {
        console.log(`  ${m}`);
        await RUNNERS[m](ctx, report);
      }
    } finally {
      await host.stop();
    }
  }
}

// Runs harvests: on the schedule (each SRU source's interval), when an
// administrator asks, and for uploaded files. One harvest per source at a
// time (claimed in the database, so two service processes never run the
// same one); the outcome, good or bad, is recorded on the source.
import type { Database } from '#server/db/database';
import { claimHarvest, dueSources, finishHarvest, getSource } from './sources-repo';
import { harvestSru, importMarcFile, type HarvestOutcome, type MarcFileFormat } from './harvest';

export type RunResult = { kind: 'done'; outcome: HarvestOutcome } | { kind: 'busy' } | { kind: 'not_found' } | { kind: 'wrong_kind'; expected: 'sru' | 'file' };

export class CatalogueHarvester {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly db: Database, private readonly onError: (err: unknown, sourceId: string) => void = () => undefined) {}

  private async run(id: string, kind: 'sru' | 'file', work: () => Promise<HarvestOutcome>): Promise<RunResult> {
    const source = await getSource(this.db, id);
    if (!source) return { kind: 'not_found' };
    if (source.kind !== kind) return { kind: 'wrong_kind', expected: source.kind };
    if (!(await claimHarvest(this.db, id))) return { kind: 'busy' };
    let outcome: HarvestOutcome;
    try {
      outcome = await work();
    } catch (err) {
      // Not the source's fault (the database failed): recorded, and the previous index is intact.
      this.onError(err, id);
      outcome = { status: 'failed', error: { code: 'INDEX_WRITE_FAILED', message: `The index could not be written: ${err instanceof Error ? err.message : String(err)}. The previous index is kept.` }, report: null };
    }
    await finishHarvest(this.db, id, outcome);
    return { kind: 'done', outcome };
  }

  harvest(id: string, mode: 'full' | 'incremental' | 'auto' = 'auto'): Promise<RunResult> {
    const p = this.run(id, 'sru', async () => harvestSru(this.db, (await getSource(this.db, id))!, mode));
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  importFile(id: string, file: Buffer, format?: MarcFileFormat): Promise<RunResult> {
    return this.run(id, 'file', async () => importMarcFile(this.db, (await getSource(this.db, id))!, file, format));
  }

  /** Harvest every enabled SRU source whose time has come, one after another. */
  async runDue(): Promise<number> {
    let n = 0;
    for (const id of await dueSources(this.db)) {
      await this.harvest(id);
      n++;
    }
    return n;
  }

  /** Check for due sources every `everyMs`; RELAY_CATALOGUE_SCHEDULE=off turns the schedule off. */
  start(everyMs = 60_000): void {
    if (this.timer || process.env['RELAY_CATALOGUE_SCHEDULE'] === 'off') return;
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.runDue().then(() => undefined, (err: unknown) => this.onError(err, '*')).finally(() => (this.ticking = null));
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([this.ticking, ...this.running]);
  }
}

// Benchmark results: rows collected by every suite, printed as one table and
// written to bench/results.json as [{name, value, unit, target, better}].
// Only rows measured in this run are written; a skipped row is printed (with
// its reason) but has no value, so it is left out of the JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Better = 'lower' | 'higher';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The value to meet (≤ for "lower", ≥ for "higher"); null where none is set. */
  target: number | null;
  better: Better;
}

export interface SkippedRow {
  name: string;
  unit: string;
  target: number | null;
  better: Better;
  skipped: string;
}

type Row = BenchResult | SkippedRow;

const isSkipped = (r: Row): r is SkippedRow => 'skipped' in r;

/** true / false against the target, null when the row has no target. */
export function meetsTarget(r: BenchResult): boolean | null {
  if (r.target === null) return null;
  return r.better === 'lower' ? r.value <= r.target : r.value >= r.target;
}

export function formatNumber(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export class BenchReport {
  private readonly rows: Row[] = [];

  /** Record a measured row (and print it at once, so long runs show progress). */
  add(r: BenchResult): void {
    if (!Number.isFinite(r.value)) throw new Error(`${r.name}: measured value is not a finite number (${r.value})`);
    this.rows.push(r);
    const ok = meetsTarget(r);
    console.log(`  → ${r.name}: ${formatNumber(r.value)} ${r.unit}${ok === null ? '' : ok ? '  (meets target)' : '  (MISSES target)'}`);
  }

  skip(row: Omit<SkippedRow, 'skipped'>, reason: string): void {
    this.rows.push({ ...row, skipped: reason });
    console.log(`  → ${row.name}: SKIPPED (${reason})`);
  }

  get results(): BenchResult[] {
    return this.rows.filter((r): r is BenchResult => !isSkipped(r));
  }

  table(): string {
    const header = ['benchmark', 'value', 'unit', 'target', 'status'];
    const body = this.rows.map((r) => {
      const target = r.target === null ? '—' : `${r.better === 'lower' ? '≤' : '≥'} ${formatNumber(r.target)}`;
      if (isSkipped(r)) return [r.name, 'SKIPPED', r.unit, target, r.skipped];
      const ok = meetsTarget(r);
      return [r.name, formatNumber(r.value), r.unit, target, ok === null ? '' : ok ? 'ok' : 'MISS'];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
  }

  print(): void {
    console.log(`\n${this.table()}\n`);
  }

  writeJson(file: string): void {
    mkdirSync(dirname(file), { recursive: true });
    const out = this.results.map(({ name, value, unit, target, better }) => ({ name, value, unit, target, better }));
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
}

// `npm run bench [-- FILTER...]`: runs the benchmark suites, prints one table
// and writes bench/results.json (only the rows measured in this run; not
// written at all if a suite fails).
//
// A filter selects a suite and optionally narrows it, separated by ':':
//   npm run bench                          every suite
//   npm run bench -- service               the central service, both backends
//   npm run bench -- service:postgres      only on PostgreSQL
//   npm run bench -- service:pglite:pull   one measurement on one backend
// (service measurements: events, pull, push, stream; backends: pglite, postgres;
//  portal: sign_in, search)
import { resolve } from 'node:path';
import { BenchReport } from './report';
import { runServiceBench } from './service';
import { runDeskBench } from './desk';
import { runDevicesRfidBench } from './devices-rfid';
import { runSlipsBench } from './slips';
import { runKioskBench } from './kiosk';
import { runCatalogueBench } from './catalogue';
import { runStatsBench } from './stats';
import { runPortalBench } from './portal';
import { runNoticesBench } from './notices';
import { runEbooksBench } from './ebooks';
import { runExchangeBench } from './exchange';

export interface Suite {
  name: string;
  /** `only` holds the filter parts after the suite name (empty: everything). */
  run(report: BenchReport, only: string[]): Promise<void>;
}

const SUITES: Suite[] = [
  { name: 'service', run: runServiceBench },
  { name: 'desk', run: runDeskBench },
  { name: 'devices-rfid', run: runDevicesRfidBench },
  { name: 'slips', run: runSlipsBench },
  { name: 'kiosk', run: runKioskBench },
  { name: 'catalogue', run: runCatalogueBench },
  { name: 'stats', run: runStatsBench },
  { name: 'portal', run: runPortalBench },
  { name: 'notices', run: runNoticesBench },
  { name: 'ebooks', run: runEbooksBench },
  { name: 'exchange', run: runExchangeBench },
];

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => a.trim() !== '');
  const selected: Array<{ suite: Suite; only: string[] }> = [];
  for (const suite of SUITES) {
    if (filters.length === 0) {
      selected.push({ suite, only: [] });
      continue;
    }
    const parts = filters.map((f) => f.split(':')).filter(([name]) => name === suite.name);
    if (parts.length === 0) continue;
    // `service` alone means everything in it, even if `service:x` is also given.
    const only = parts.some((p) => p.length === 1) ? [] : parts.flatMap((p) => p.slice(1));
    selected.push({ suite, only });
  }
  if (selected.length === 0) {
    console.error(`No suite matches ${filters.join(' ')}. Suites: ${SUITES.map((s) => s.name).join(', ')}.`);
    return 2;
  }

  const report = new BenchReport();
  let failed = false;
  for (const { suite, only } of selected) {
    console.log(`\n=== ${suite.name}${only.length ? ` (${only.join(', ')})` : ''} ===`);
    try {
      await suite.run(report, only);
    } catch (err) {
      failed = true;
      console.error(`\n*** suite ${suite.name} FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
  }
  report.print();
  const out = resolve(__dirname, 'results.json');
  if (failed) {
    console.error(`A suite failed: ${out} was not written.`);
    return 1;
  }
  report.writeJson(out);
  console.log(`wrote ${report.results.length} rows to ${out}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

// npm run audit:electron (suggested) — Electronegativity over the sources
// (src) and the build (out/, from `electron-vite build`), offline. Exits 1 when
// a finding above LOW is not on docs/security-allowlist.json (each entry's
// reason is in docs/security.md), 2 when the audit itself cannot run.
//   tsx scripts/electronegativity.ts [--skip-build] [--json]
// The runner is called directly: the package's own CLI needs 'commander',
// which @doyensec/electronegativity 1.10.3 does not declare.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { judge, parseAllowList, type Finding } from './electronegativity-judge';

const ROOT = resolve(__dirname, '..');
const ALLOW_LIST = join(ROOT, 'docs/security-allowlist.json');
const SCANS = [
  { scan: 'src', dir: join(ROOT, 'src') },
  { scan: 'out', dir: join(ROOT, 'out') },
] as const;

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { value: number; name: string };
  confidence: { name: string };
  manualReview?: boolean;
}
interface RawResult {
  issues: RawIssue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<RawResult>;

function electronVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
}

async function scan(run: Runner, label: string, dir: string): Promise<Finding[]> {
  // The options the package's CLI passes (dist/index.js), with the Electron version given, so nothing is looked up online.
  const result = await run(
    {
      input: dir, output: undefined, isSarif: false, customScan: [], excludeFromScan: [], severitySet: undefined, confidenceSet: undefined,
      isRelative: true, isVerbose: false, electronUpgrade: undefined, electronVersionOverride: electronVersion(), parserPlugins: [],
    },
    false,
  );
  const findings: Finding[] = result.issues.map((i) => ({
    scan: label, id: i.id, file: i.file, line: i.location.line, column: i.location.column,
    severity: i.severity.name, severityValue: i.severity.value, confidence: i.confidence.name, manualReview: i.manualReview === true,
  }));
  // A file the analyzer cannot parse is a file it did not check: as serious as a MEDIUM finding until listed.
  for (const e of result.errors.filter((x) => !x.tolerable)) {
    const file = e.file.startsWith(dir) ? e.file.slice(dir.length + 1) : e.file;
    findings.push({ scan: label, id: 'PARSE_ERROR', file: file.replace(/-[A-Za-z0-9_-]{8}\.js$/, '-*.js'), line: 0, column: 0, severity: 'MEDIUM', severityValue: 2, confidence: e.message.slice(0, 80), manualReview: true });
  }
  return findings;
}

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  if (!args.has('--skip-build')) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  for (const s of SCANS) if (!existsSync(s.dir)) {
    console.error(`${s.dir} does not exist${s.scan === 'out' ? ' (run `npx electron-vite build`, or drop --skip-build)' : ''}`);
    return 2;
  }
  const run = createRequire(__filename)(join(ROOT, 'node_modules/@doyensec/electronegativity/dist/runner.js')) as Runner;
  const allowList = parseAllowList(JSON.parse(readFileSync(ALLOW_LIST, 'utf8')) as unknown);
  // The runner tries to fetch translations and Electron's release list and says so; offline it carries on without them.
  const quiet = console.log;
  const findings: Finding[] = [];
  try {
    console.log = () => undefined;
    for (const s of SCANS) findings.push(...(await scan(run, s.scan, s.dir)));
  } finally {
    console.log = quiet;
  }
  const verdict = judge(findings, allowList);
  if (args.has('--json')) {
    console.log(JSON.stringify({ findings, ...verdict }, null, 2));
  } else {
    for (const f of findings.filter((x) => x.severityValue <= 1)) console.log(`  low   ${f.scan}/${f.file}:${f.line} ${f.id} (${f.confidence})`);
    for (const f of verdict.allowed) console.log(`  listed ${f.scan}/${f.file}:${f.line} ${f.id} ${f.severity}: ${f.reason}`);
    for (const e of verdict.stale) console.log(`  note  allow-list entry ${e.scan}/${e.file} ${e.check} lists ${e.count}, found ${e.found}: shrink it`);
    for (const f of verdict.unlisted) console.log(`! NEW   ${f.scan}/${f.file}:${f.line}:${f.column} ${f.id} ${f.severity} (${f.confidence})${f.manualReview ? ' — review required' : ''}`);
    console.log(`\nElectronegativity: ${findings.length} findings, ${verdict.allowed.length} listed in docs/security.md, ${verdict.unlisted.length} not listed.`);
  }
  return verdict.unlisted.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

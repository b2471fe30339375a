// The README's multi-desk demo, run as a new user would: the first desk is
// started with the start:web entry (scripts/start-web.ts, what `npm run
// start:web` runs after its build), the second desk with the command line the
// first one prints (--join its data dir), and the admin CLI is pointed at the
// first desk's data dir. One consortium: a request the first desk creates is
// seen by the second, and the second desk is paired to the same service.
import { afterAll, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AdminClient, DeskClient } from '#test/support/client';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];
let tmp = '';

/** Start a child and wait until its output matches `ready`; resolves with the output so far. */
function start(args: string[], ready: RegExp, timeoutMs = 90_000): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(TSX, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${ready} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        ok({ child, out: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => fail(new Error(`exited ${code} before ready:\n${out}`)));
  });
}

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(TSX, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((ok) => child.once('exit', (code) => ok({ code, out })));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((ok) => child.once('exit', ok));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((ok) => setTimeout(ok, 15_000))]);
}

afterAll(async () => {
  // The second desk first: it uses the first desk's service.
  for (const c of children.reverse()) await stop(c);
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

it('two desks started as the README says share one consortium', { timeout: 240_000 }, async () => {
  tmp = await mkdtemp(join(tmpdir(), 'relay-two-desks-'));
  const firstDir = join(tmp, 'desk-NKUST');
  const first = await start(['scripts/start-web.ts', '--data-dir', firstDir], /--join \S+\n[\s\S]*npm run admin -- libraries --data-dir \S+/);

  // The command it prints for a second desk, run as printed (with this test's data dir for the new desk).
  const line = /npm run start:web -- (.+)$/m.exec(first.out())![1]!.trim().split(/\s+/);
  expect(line).toContain('--join');
  expect(line[line.indexOf('--join') + 1]).toBe(firstDir);
  const i = line.indexOf('--data-dir');
  const secondDir = join(tmp, 'desk-NUK');
  line[i + 1] = secondDir;
  const second = await start(['scripts/start-web.ts', ...line], /Open this URL/);
  expect(second.out()).toMatch(/paired: {2}dev-/);
  expect(second.out()).not.toMatch(/\(embedded\)/);

  // The admin CLI against the first desk's embedded service, as printed.
  const admin = await run(['src/server/cli.ts', 'libraries', '--data-dir', firstDir]);
  expect(admin.code).toBe(0);
  expect(admin.out).toMatch(/^NUK\s/m);

  const { url } = JSON.parse(await readFile(join(firstDir, 'service', 'endpoint.json'), 'utf8')) as { url: string };
  const ids = async (dir: string) => JSON.parse(await readFile(join(dir, 'desk-identity.json'), 'utf8')) as { deviceId: string; token: string; libraryId: string };
  const [a, b] = [await ids(firstDir), await ids(secondDir)];
  expect([a.libraryId, b.libraryId]).toEqual(['NKUST', 'NUK']);
  const deskA = new DeskClient(url, a.deviceId, 'NKUST', a.token, 'staff');
  const deskB = new DeskClient(url, b.deviceId, 'NUK', b.token, 'staff');

  // The first desk asks the second's library for a book; the second desk sees the request.
  const token = (await readFile(join(firstDir, 'service', 'admin-token'), 'utf8')).trim();
  const patrons = await new AdminClient(url, token).records<{ id: string; homeLibraryId: string; status: string; expiresOn: string; blocks: unknown[] }>('patrons');
  const today = new Date().toISOString().slice(0, 10);
  const patron = patrons.documents.find((p) => p.homeLibraryId === 'NKUST' && p.status === 'active' && p.expiresOn > today && p.blocks.length === 0)!;
  const requestId = `R-TWO-DESKS-${Date.now()}`;
  const pushed = await deskA.push('request.created', {
    requestId, patronId: patron.id, lenderLibraryId: 'NUK', neededBy: null, note: '',
    item: { barcode: `3119${Date.now()}`.slice(0, 14), title: '兩館示範', author: '測試', callNumber: 'AE5 .T5', location: '書庫', parts: 1 },
  });
  expect(`${pushed.status} ${pushed.reason ?? ''}`).toBe('applied ');
  const seen = await deskB.pullAll<{ id: string; lenderLibraryId: string }>('requests');
  expect(seen.documents.find((r) => r.id === requestId)).toMatchObject({ lenderLibraryId: 'NUK' });
});

// Issue 19, the SIP2 half: each way real library systems broke the desk,
// reproduced over TCP against the simulator profile (or a raw server) that
// behaves that way, and what the desk does now.
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Sip2Client, Sip2ClientError } from '#node/sip2';
import type { Sip2ClientOptions } from '#node/sip2';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import type { Sip2ServerOptions } from '#main/simulators/sip2-server';
import { IlsConnector, parseIlsConfig } from '#main/ils';
import type { IlsConfig } from '#main/ils';
import { formatSipDateIn, sip2Checksum } from '#shared/sip2';

const NOW = new Date(Date.UTC(2024, 0, 31, 2, 15, 30));
const ZONE = 'Asia/Taipei';
const sims: Sip2ServerSimulator[] = [];
const clients: Sip2Client[] = [];
const connectors: IlsConnector[] = [];
const dirs: string[] = [];
const servers: net.Server[] = [];

afterEach(async () => {
  await Promise.all(connectors.splice(0).map((c) => c.close()));
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  for (const server of servers.splice(0)) server.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startSim(options: Sip2ServerOptions): Promise<Sip2ServerSimulator> {
  const sim = new Sip2ServerSimulator({
    institutionId: 'SIMLIB',
    libraryName: '國立臺灣圖書館',
    accounts: [{ userId: 'desk1', password: 'deskpw' }],
    patrons: [
      { id: 'P001', pin: '1234', name: '王小明', fines: 30 },
      { id: 'P002', pin: '0000', name: '陳大文', blocked: true },
      { id: 'P003', pin: '', name: 'Zoë Müller' },
    ],
    items: [
      { id: 'I001', title: '紅樓夢' },
      { id: 'I002', title: 'Book B' },
    ],
    now: () => NOW,
    ...options,
  });
  await sim.start();
  sims.push(sim);
  return sim;
}

function client(sim: Sip2ServerSimulator, overrides: Partial<Sip2ClientOptions> = {}): Sip2Client {
  const c = new Sip2Client({
    host: '127.0.0.1',
    port: sim.port,
    institutionId: 'SIMLIB',
    credentials: { userId: 'desk1', password: 'deskpw' },
    requestTimeoutMs: 1000,
    now: () => NOW,
    timeZone: ZONE,
    ...overrides,
  });
  clients.push(c);
  return c;
}

async function connector(sim: Sip2ServerSimulator, settings: Record<string, unknown> = {}): Promise<IlsConnector> {
  const dir = mkdtempSync(join(tmpdir(), 'ils-real-'));
  dirs.push(dir);
  const parsed = parseIlsConfig({
    enabled: true,
    host: '127.0.0.1',
    port: sim.port,
    institutionId: 'SIMLIB',
    loginUserId: 'desk1',
    loginPassword: 'deskpw',
    requestTimeoutMs: 1000,
    timeZone: ZONE,
    ...settings,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const c = await IlsConnector.open({ dir, config: parsed.value as IlsConfig, now: () => NOW, backoff: { initialMs: 10, maxMs: 20 } });
  connectors.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<Sip2ClientError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Sip2ClientError);
  return error as Sip2ClientError;
}

describe('character set per connection', () => {
  it('a Big5 server: Chinese names, titles and screen messages read correctly with charset big5', async () => {
    const sim = await startSim({ profile: 'big5' });
    sim.refuse({ operation: 'checkout', itemId: 'I002', screenMessage: '此書已被預約' });
    const c = client(sim, { charset: 'big5' });
    const info = await c.patronInformation('P001');
    expect(info.personalName).toBe('王小明');
    expect((await c.checkout('P003', 'I001')).titleId).toBe('紅樓夢');
    expect((await c.checkout('P003', 'I002')).screenMessage).toEqual(['此書已被預約']);
    // Without the setting the same bytes are garbage (what every desk showed before).
    expect((await client(sim).patronInformation('P001')).personalName).not.toBe('王小明');
  });

  it('CP850 and Latin-1 servers keep accented names', async () => {
    for (const charset of ['cp850', 'latin1'] as const) {
      const sim = await startSim({ profile: 'strict', overrides: { charset } });
      expect((await client(sim, { charset }).patronInformation('P003')).personalName).toBe('Zoë Müller');
    }
  });
});

describe('checksums summed over characters', () => {
  it('fail every reply with a Chinese name in byte mode; tolerant mode accepts them and says so', async () => {
    const sim = await startSim({ profile: 'char-checksum' });
    expect((await failure(client(sim, { maxResends: 1 }).patronInformation('P001'))).code).toBe('BAD_CHECKSUM_EXHAUSTED');
    const tolerant = client(sim, { checksumMode: 'tolerant' });
    expect((await tolerant.patronInformation('P001')).personalName).toBe('王小明');
    expect(tolerant.lastChecksumStyle).toBe('characters');
  });

  it('test-connection finds the character sums and suggests tolerant mode, in both languages', async () => {
    const sim = await startSim({ profile: 'char-checksum' });
    const result = await (await connector(sim)).testConnection();
    if (!result.ok) throw new Error(result.message);
    expect(result.detected).toMatchObject({ charset: 'utf-8', checksum: 'characters', suggest: { checksumMode: 'tolerant' } });
    expect(result.warnings).toContainEqual({ code: 'CHECKSUM_CHARACTERS' });
    expect(result.report?.en.join('\n')).toContain('Turn on tolerant checksums');
    expect(result.report?.['zh-TW'].join('\n')).toContain('寬容檢查碼');
  });
});

describe('resend after a corrupted reply', () => {
  it('accepts the resent reply with AY0 (SIPServer rebuilds it with sequence 0)', async () => {
    const sim = await startSim({ profile: 'strict' });
    const c = client(sim);
    await c.login();
    sim.corruptNextChecksum();
    expect((await c.checkout('P003', 'I001')).ok).toBe(true);
    expect(sim.stats.resendsServed).toBe(1);
  });
});

describe('replies the old parser refused', () => {
  it('blank count fields (four spaces) are read as unknown, not a reason to refuse the reply', async () => {
    const sim = await startSim({ profile: 'closing' });
    const info = await client(sim).patronInformation('P001');
    expect(info.personalName).toBe('王小明');
    expect(info.blankFields).toEqual(['holdItemsCount', 'recallItemsCount', 'unavailableHoldsCount']);
    expect(sim.received.at(-1)).toMatch(/^63/);
  });

  it('a configured field delimiter', async () => {
    const sim = await startSim({ profile: 'strict', overrides: { fieldDelimiter: '^' } });
    const info = await client(sim, { fieldDelimiter: '^' }).patronInformation('P001', { patronPassword: '1234' });
    expect(info).toMatchObject({ personalName: '王小明', validPatronPassword: true });
  });

  it('an LF inside a field is data: the two-line note arrives whole, checksum verified', async () => {
    const head = '64              00020240131    101530000000000000000000000000AOSIMLIB|AAP001|AE王小明|BLY|AF第一行\n第二行|AY0AZ';
    const line = head + sip2Checksum(Buffer.from(head, 'utf8')) + '\r';
    const server = net.createServer((socket) => socket.on('data', () => socket.write(Buffer.from(line, 'utf8'))));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const c = new Sip2Client({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, institutionId: 'SIMLIB', requestTimeoutMs: 1000 });
    clients.push(c);
    const info = await c.patronInformation('P001');
    expect(info.screenMessage).toEqual(['第一行\n第二行']);
    expect(info.personalName).toBe('王小明');
  });
});

describe('systems without Item Information, or silent on it', () => {
  it('a lost reply on a system that announces 17 but never answers it: stuck for staff after two tries, the queue goes on', async () => {
    const sim = await startSim({
      profile: 'no-item-info',
      overrides: { announcedMessages: ['checkout', 'checkin', 'patronInformation', 'itemInformation', 'login', 'scAcsStatus'], idleTimeoutMs: null },
    });
    const c = await connector(sim, { requestTimeoutMs: 500 });
    sim.dropNextReply(1, '11');
    await c.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P003', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e1' },
      { key: 'b', kind: 'checkin', itemId: 'I001', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e2' },
      { key: 'c', kind: 'checkout', itemId: 'I002', patronId: 'P003', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e3' },
    ]);
    await expect.poll(() => c.get('a')?.state, { timeout: 8000 }).toBe('stuck');
    expect(c.get('a')?.lastError?.code).toBe('NO_ITEM_INFORMATION');
    // Another item's op goes on; the same item's checkin waits behind the stuck checkout.
    await expect.poll(() => c.get('c')?.state, { timeout: 5000 }).toBe('done');
    expect(c.get('b')?.state).toBe('queued');
    expect(c.health().state).not.toBe('unreachable');
    // Staff checked the library's system: cancel with a note releases the item's next op.
    await c.resolve('a', 'cancelled', '館員查證：Koha 無此筆借出');
    await expect.poll(() => c.get('b')?.state, { timeout: 5000 }).not.toBe('queued');
    expect(c.get('a')).toMatchObject({ state: 'cancelled', resolution: { outcome: 'cancelled', note: '館員查證：Koha 無此筆借出' } });
    expect(sim.received.filter((l) => l.startsWith('11') && l.includes('ABI001'))).toHaveLength(1);
  });

  it('a server that closes the connection on unsupported messages and idle ones: the client reconnects, never hangs', async () => {
    const sim = await startSim({ profile: 'closing', overrides: { idleTimeoutMs: 150, supportedMessages: ['checkout', 'checkin', 'login', 'scAcsStatus', 'patronInformation'] } });
    const c = client(sim);
    expect((await failure(c.requestText('17' + formatSipDateIn(NOW, ZONE) + 'AOSIMLIB|ABI001|', '18'))).code).toBe('CONNECTION_LOST');
    expect(sim.stats.unsupported).toBe(1);
    expect((await c.checkout('P003', 'I001')).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sim.stats.idleClosed).toBeGreaterThanOrEqual(1);
    expect((await c.checkin('I001')).ok).toBe(true);
  });

  it('a silent server times out with a clear error instead of hanging', async () => {
    const sim = await startSim({ profile: 'no-item-info' });
    const c = client(sim, { requestTimeoutMs: 300 });
    expect((await failure(c.requestText('17' + formatSipDateIn(NOW, ZONE) + 'AOSIMLIB|ABI001|', '18'))).code).toBe('TIMEOUT');
  });
});

describe('no-block checkouts made offline', () => {
  it('a system reading the flag as a digit ignores Y: the desk sends 1 when set to, with its own due date', async () => {
    const sim = await startSim({ profile: 'closing' });
    const due = new Date(Date.UTC(2024, 1, 14, 15, 59, 59));
    const yn = await connector(sim, { noBlockFlag: 'YN' });
    await yn.enqueue([{ key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P002', at: new Date(NOW.getTime() - 3_600_000).toISOString(), libraryId: 'NTL', eventId: 'e1', dueDate: due.toISOString() }]);
    await yn.idle();
    expect(yn.get('a')).toMatchObject({ state: 'refused', noBlock: true });
    await yn.close();

    const digit = await connector(sim, { noBlockFlag: '10' });
    await digit.enqueue([{ key: 'b', kind: 'checkout', itemId: 'I001', patronId: 'P002', at: new Date(NOW.getTime() - 3_600_000).toISOString(), libraryId: 'NTL', eventId: 'e1', dueDate: due.toISOString() }]);
    await digit.idle();
    expect(digit.get('b')).toMatchObject({ state: 'done', noBlock: true });
    expect(sim.library.loans.get('I001')).toMatchObject({ patronId: 'P002', dueDate: due });
    expect(sim.received.some((l) => l.startsWith('11N1') && l.includes(formatSipDateIn(due, ZONE)))).toBe(true);
  });
});

describe('Fee Paid (37)', () => {
  it('a fine paid at the desk reaches a system that supports 37; one that does not is told to staff', async () => {
    const sim = await startSim({ profile: 'strict' });
    const c = await connector(sim);
    await c.enqueue([{ key: 'fee1', kind: 'fee', itemId: 'FINE-1', patronId: 'P001', amount: '30.00', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e1' }]);
    await c.idle();
    expect(c.get('fee1')).toMatchObject({ state: 'done' });
    expect(sim.library.payments).toEqual([{ patronId: 'P001', amount: '30.00', currency: 'TWD', feeId: 'FINE-1', transactionId: 'fee1' }]);
    expect(sim.library.patrons.get('P001')?.fines).toBe(0);
    // As the desk hands it over: the visitor card's home library, resolved to its account in this system.
    await c.configure({ ...c.config(), accounts: { NKUST: 'P001' } });
    await c.enqueue([{ key: 'fee3', kind: 'fee', itemId: 'FINE-3', borrowingLibraryCode: 'NKUST', amount: '5.00', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e3' }]);
    await c.idle();
    expect(c.get('fee3')).toMatchObject({ state: 'done', patronId: 'P001' });
    expect(sim.library.payments.at(-1)).toMatchObject({ patronId: 'P001', amount: '5.00', feeId: 'FINE-3' });

    const without = await startSim({ profile: 'no-item-info' });
    const d = await connector(without);
    await d.enqueue([{ key: 'fee2', kind: 'fee', itemId: 'FINE-2', patronId: 'P001', amount: '30.00', at: NOW.toISOString(), libraryId: 'NTL', eventId: 'e2' }]);
    await d.idle();
    expect(d.get('fee2')).toMatchObject({ state: 'refused', lastError: { code: 'NOT_SUPPORTED' } });
    expect(without.received.some((l) => l.startsWith('37'))).toBe(false);
  });
});

describe('time zone', () => {
  it('dates go out in the system zone; test-connection finds a wrong zone setting', async () => {
    const sim = await startSim({ profile: 'strict' });
    const c = client(sim);
    await c.checkout('P003', 'I001');
    expect(sim.received.at(-1)).toContain(formatSipDateIn(NOW, ZONE));
    const wrong = await (await connector(sim, { timeZone: 'UTC' })).testConnection();
    if (!wrong.ok) throw new Error(wrong.message);
    expect(wrong.warnings).toContainEqual({ code: 'ZONE_MISMATCH', offsetMinutes: 480, configured: 'UTC' });
    expect(wrong.report?.en.join('\n')).toContain('8 hours');
  });
});

describe('the simulator behaves like real servers', () => {
  it('renews on a second checkout, refuses a checkin of an item not on loan, echoes the institution, leaves out fee fields when nothing is owed', async () => {
    const sim = await startSim({ profile: 'strict' });
    const c = client(sim, { institutionId: 'BRANCH-2' });
    expect(await c.checkout('P003', 'I001')).toMatchObject({ ok: true, renewalOk: false, institutionId: 'BRANCH-2' });
    expect(await c.checkout('P003', 'I001')).toMatchObject({ ok: true, renewalOk: true });
    expect(await c.checkin('I002')).toMatchObject({ ok: false, alert: true });
    const owesNothing = await c.patronStatus('P003');
    expect(owesNothing.feeAmount).toBeUndefined();
  });

  it('drops SC Status before login', async () => {
    const sim = await startSim({ profile: 'strict' });
    expect((await failure(client(sim, { credentials: undefined }).scStatus())).code).toBe('CONNECTION_LOST');
    expect(sim.stats.droppedBeforeLogin).toBe(1);
  });
});

// The ILS connector against the SIP2 simulator over real TCP on 127.0.0.1:
// outages, refusals, corrupted checksums, lost replies, crashes, connection
// tests and patron checks, asserted on the lines the ILS received. Every test
// runs once per simulator profile (strict, closing, char-checksum, big5,
// no-item-info), the desk configured as staff would for that server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IlsConnector, parseIlsConfig } from '#main/ils';
import type { IlsConfig, IlsConnectorOptions, IlsLogEntry, IlsTimers } from '#main/ils';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { formatSipDateIn, SUPPORTED_MESSAGES_ORDER } from '#shared/sip2';
import { PROFILE_CASES, SERVER_ZONE } from '../sip2/profiles';
import type { ProfileCase } from '../sip2/profiles';

const sipDate = (date: Date): string => formatSipDateIn(date, SERVER_ZONE);
let current: ProfileCase = PROFILE_CASES[0]!;

const SIM_NOW = new Date(2024, 0, 31, 10, 15, 30);
const T0 = SIM_NOW.getTime();

class ManualTimers implements IlsTimers {
  private pending = new Map<number, () => void>();
  private nextId = 1;
  setTimeout(callback: () => void): unknown {
    const id = this.nextId++;
    this.pending.set(id, callback);
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  get count(): number {
    return this.pending.size;
  }
}

let dir: string;
let sim: Sip2ServerSimulator;
let port: number;
let clockMs: number;
let timers: ManualTimers;
let logs: IlsLogEntry[];
const connectors: IlsConnector[] = [];

function config(overrides: Record<string, unknown> = {}): IlsConfig {
  const parsed = parseIlsConfig({
    enabled: true,
    host: '127.0.0.1',
    port,
    institutionId: 'SIMLIB',
    loginUserId: 'desk1',
    loginPassword: 'deskpw',
    locationCode: 'DESK-1',
    terminalPassword: 'termpw',
    requestTimeoutMs: 2000,
    accounts: { NTL: 'ILL-NTL' },
    ...current.settings,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

async function open(overrides: Partial<IlsConnectorOptions> = {}): Promise<IlsConnector> {
  const connector = await IlsConnector.open({
    dir,
    config: config(),
    logger: (entry) => logs.push(entry),
    logLines: true,
    now: () => new Date(clockMs),
    timers,
    ...overrides,
  });
  connectors.push(connector);
  return connector;
}

function at(offsetMs = 0): string {
  return new Date(clockMs + offsetMs).toISOString();
}

/** The circulation lines the ILS received, reduced to what the tests check. */
function wire(): string[] {
  return sim.received.flatMap((line) => {
    // The no-block flag is Y/N, or 1/0 for a server that reads it as a digit.
    const checkout = /^11[YN]([YN01]).{18}(.{18})AO[^|]*\|AA([^|]*)\|AB([^|]*)\|/.exec(line);
    if (checkout) return [`11 ${checkout[3]} ${checkout[4]}${checkout[1] === 'Y' || checkout[1] === '1' ? ` noblock due=${checkout[2]}` : ''}`];
    const checkin = /^09([YN01]).{18}(.{18})AP[^|]*\|AO[^|]*\|AB([^|]*)\|/.exec(line);
    if (checkin) return [`09 ${checkin[3]}${checkin[1] === 'Y' || checkin[1] === '1' ? ' noblock' : ''} returned=${checkin[2]}`];
    const info = /^17.{18}AO[^|]*\|AB([^|]*)\|/.exec(line);
    if (info) return [`17 ${info[1]}`];
    return [];
  });
}

async function startSim(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'ils-connector-'));
  clockMs = T0;
  timers = new ManualTimers();
  logs = [];
  sim = new Sip2ServerSimulator({
    institutionId: 'SIMLIB',
    libraryName: '臺北市立圖書館 (simulated)',
    accounts: [{ userId: 'desk1', password: 'deskpw' }],
    patrons: [
      { id: 'P001', pin: '1234', name: '王小明' },
      { id: 'P002', pin: '0000', name: 'Blocked Reader', blocked: true },
      { id: 'ILL-NTL', pin: '', name: 'NTL interlibrary account' },
    ],
    items: [
      { id: 'I001', title: 'Book A' },
      { id: 'I002', title: 'Book B' },
      { id: 'I003', title: 'Book C' },
      { id: 'I004', title: 'Book D' },
    ],
    now: () => SIM_NOW,
    profile: current.profile,
  });
  port = await sim.start();
}

/** Whether this profile's server answers Item Information (lost replies are reconciled) or leaves them to staff. */
const has17 = (): boolean => sim.library.supports('itemInformation');

afterEach(async () => {
  await Promise.all(connectors.splice(0).map((c) => c.close()));
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
  // Whatever happened, no secret reached a log line.
  const text = JSON.stringify(logs);
  expect(text).not.toContain('deskpw');
  expect(text).not.toContain('termpw');
  expect(text).not.toContain('AD1234');
});

describe.each(PROFILE_CASES)('$profile server', (profileCase) => {
beforeEach(async () => {
  current = profileCase;
  await startSim();
});

describe('ILS queue over SIP2', () => {
  it('ops queued while the ILS is down replay in order when it comes back, offline ones no-block with their own times', async () => {
    // I003 is on loan in the ILS, to be checked in.
    sim.library.loans.set('I003', { itemId: 'I003', patronId: 'P001', dueDate: new Date(T0), renewals: 0 });
    sim.library.items.get('I003')!.status = 'on-loan';
    await sim.goDown();
    const connector = await open({ noBlockAfterMs: 5 * 60_000 });
    const dueDate = new Date(2024, 1, 28, 23, 59, 59).toISOString();
    const returnedAt = at(60_000);
    const results = await connector.enqueue([
      { key: 'e1:I001:checkout', kind: 'checkout', itemId: 'I001', borrowingLibraryCode: 'NTL', at: at(), libraryId: 'TPML', eventId: 'e1', dueDate },
      { key: 'e2:I003:checkin', kind: 'checkin', itemId: 'I003', at: returnedAt, libraryId: 'TPML', eventId: 'e2' },
      { key: 'e3:I002:checkout', kind: 'checkout', itemId: 'I002', patronId: 'P001', at: at(120_000), libraryId: 'TPML', eventId: 'e3' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
    await connector.idle();
    expect(connector.health()).toMatchObject({ state: 'unreachable', lastErrorCode: 'CONNECTION_REFUSED', queued: 3 });
    expect(timers.count).toBe(1);
    expect(connector.list().map((op) => op.state)).toEqual(['queued', 'queued', 'queued']);

    // Ten minutes later the ILS is back.
    clockMs = T0 + 10 * 60_000;
    await sim.comeUp();
    connector.kick();
    await connector.idle();

    expect(connector.list().map((op) => `${op.key}:${op.state}`)).toEqual(['e1:I001:checkout:done', 'e2:I003:checkin:done', 'e3:I002:checkout:done']);
    expect(wire()).toEqual([
      `11 ILL-NTL I001 noblock due=${sipDate(new Date(dueDate))}`,
      `09 I003 noblock returned=${sipDate(new Date(returnedAt))}`,
      '11 P001 I002 noblock due=                  ',
    ]);
    expect(sim.library.loans.get('I001')).toMatchObject({ patronId: 'ILL-NTL', dueDate: new Date(dueDate) });
    expect(sim.library.loans.has('I003')).toBe(false);
    expect(sim.library.loans.get('I002')?.patronId).toBe('P001');
    expect(connector.health()).toMatchObject({ state: 'idle', queued: 0, lastError: null });
  });

  it('retries on its own after the backoff when the ILS returns', async () => {
    await sim.goDown();
    const connector = await open({ timers: undefined, backoff: { initialMs: 20, maxMs: 40 } });
    await connector.enqueue([{ key: 'k1', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' }]);
    await expect.poll(() => connector.health().state).toBe('unreachable');
    await sim.comeUp();
    await expect.poll(() => connector.get('k1')?.state, { timeout: 5000 }).toBe('done');
    expect(wire()).toEqual(['11 P001 I001']);
  });

  it('a refused checkout ends refused with the ILS screen message and does not block the next op', async () => {
    sim.refuse({ operation: 'checkout', itemId: 'I001', screenMessage: '此書已被其他館預約 Reserved for another library' });
    const connector = await open();
    await connector.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' },
      { key: 'b', kind: 'checkout', itemId: 'I002', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e2' },
    ]);
    await connector.idle();
    expect(connector.get('a')).toMatchObject({ state: 'refused', screenMessage: '此書已被其他館預約 Reserved for another library', reply: { ok: false } });
    expect(connector.get('b')?.state).toBe('done');
    expect(connector.health()).toMatchObject({ state: 'idle', refused: 1 });
    expect(sim.library.loans.has('I001')).toBe(false);
    expect((await connector.ack('a'))?.state).toBe('reported');
    expect(connector.health().refused).toBe(0);
  });

  it('corrupted checksums in both directions are resent and the op succeeds once', async () => {
    const connector = await open();
    sim.corruptNextChecksum(1);
    sim.rejectNextChecksum(1, '11');
    await connector.enqueue([{ key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' }]);
    await connector.idle();
    expect(connector.get('a')).toMatchObject({ state: 'done', attempts: 1 });
    // The reply to the login came back corrupted (97 → resent), the checkout was answered 96 and sent again.
    expect(sim.stats.resendsServed).toBe(1);
    expect(sim.stats.resendsRequested).toBe(1);
    expect(sim.received.filter((line) => line.startsWith('97'))).toHaveLength(1);
    expect(wire()).toEqual(['11 P001 I001', '11 P001 I001']);
    expect(sim.library.loans.get('I001')?.patronId).toBe('P001');
  });

  it('a lost reply is reconciled with Item Information, without a second checkout', async () => {
    const connector = await open();
    sim.dropNextReply(1, '11');
    await connector.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' },
      { key: 'b', kind: 'checkin', itemId: 'I001', at: at(1000), libraryId: 'TPML', eventId: 'e2' },
    ]);
    await connector.idle();
    expect(sim.stats.repliesDropped).toBe(1);
    expect(connector.get('a')).toMatchObject({ state: 'queued', outcomeUnknown: true, lastError: { code: 'CONNECTION_LOST' } });
    expect(connector.get('b')?.state).toBe('queued');

    connector.kick();
    await connector.idle();
    if (!has17()) {
      // No Item Information: staff are asked, the queue is not blocked for good, health is not 'unreachable'.
      expect(connector.get('a')).toMatchObject({ state: 'stuck', lastError: { code: 'NOT_SUPPORTED' } });
      expect(connector.get('b')?.state).toBe('queued');
      expect(connector.health()).toMatchObject({ stuck: 1 });
      expect(connector.health().state).not.toBe('unreachable');
      await connector.resolve('a', 'done', 'checked in Koha: on loan to P001');
      await connector.idle();
      expect(connector.get('a')).toMatchObject({ state: 'done', resolution: { outcome: 'done', note: 'checked in Koha: on loan to P001' } });
    }
    if (has17()) expect(connector.get('a')).toMatchObject({ state: 'done', reconciled: true, attempts: 1 });
    expect(connector.get('b')).toMatchObject({ state: 'done', reconciled: false });
    expect(wire().filter((line) => line.startsWith('11'))).toEqual(['11 P001 I001']);
    expect(wire().map((line) => line.slice(0, 7))).toEqual(has17() ? ['11 P001', '17 I001', '09 I001'] : ['11 P001', '09 I001']);
    // The patron's charged items were consulted (63 with the charged-items summary).
    if (has17()) expect(sim.received.some((line) => /^63.{21} {2}Y/.test(line))).toBe(true);
  });

  it('a lost checkin reply is reconciled: the item is no longer charged', async () => {
    sim.library.loans.set('I002', { itemId: 'I002', patronId: 'P001', dueDate: new Date(T0), renewals: 0 });
    const connector = await open();
    sim.dropNextReply(1, '09');
    await connector.enqueue([{ key: 'a', kind: 'checkin', itemId: 'I002', at: at(), libraryId: 'TPML', eventId: 'e1' }]);
    await connector.idle();
    connector.kick();
    await connector.idle();
    if (has17()) {
      expect(connector.get('a')).toMatchObject({ state: 'done', reconciled: true });
      expect(wire().map((line) => line.slice(0, 7))).toEqual(['09 I002', '17 I002']);
    } else {
      expect(connector.get('a')).toMatchObject({ state: 'stuck' });
      expect(wire().map((line) => line.slice(0, 7))).toEqual(['09 I002']);
    }
  });

  it('an op left "sending" by a crash is reconciled by a new connector on the same directory', async () => {
    const first = await open();
    // Log in first (a patron check shares the queue's connection), then make replies slow.
    expect(await first.validatePatron('P001')).toMatchObject({ reachable: true, valid: true });
    sim.setLatency(5000);
    await first.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' },
      { key: 'b', kind: 'checkout', itemId: 'I002', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e2' },
    ]);
    // The ILS has applied the checkout; the reply is still on its way when the desk goes away.
    await expect.poll(() => wire()).toEqual(['11 P001 I001']);
    await first.close();
    expect(sim.library.loans.get('I001')?.patronId).toBe('P001');
    sim.setLatency(0);

    const second = await open();
    expect(second.get('a')).toMatchObject({ state: 'queued', outcomeUnknown: true, lastError: { code: 'RESTARTED' } });
    await second.idle();
    if (has17()) {
      expect(second.get('a')).toMatchObject({ state: 'done', reconciled: true, attempts: 1 });
      expect(wire()).toEqual(['11 P001 I001', '17 I001', '11 P001 I002']);
    } else {
      expect(second.get('a')).toMatchObject({ state: 'stuck', attempts: 1 });
      expect(wire()).toEqual(['11 P001 I001', '11 P001 I002']);
    }
    expect(second.get('b')?.state).toBe('done');
  });

  it('exactly once across a server restart: the checkout applied before the server went down is not applied twice', async () => {
    const connector = await open();
    sim.dropNextReply(1, '11');
    await connector.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' },
      { key: 'b', kind: 'checkout', itemId: 'I002', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e2' },
    ]);
    await connector.idle();
    // The server restarts (its loans are kept, as a real ILS keeps them in its database).
    await sim.goDown();
    connector.kick();
    await connector.idle();
    expect(connector.health().state).toBe('unreachable');
    await sim.comeUp();
    connector.kick();
    await connector.idle();
    if (!has17()) {
      expect(connector.get('a')?.state).toBe('stuck');
      await connector.resolve('a', 'done', 'on loan to P001 in the library system');
      await connector.idle();
    }
    expect(connector.get('a')?.state).toBe('done');
    expect(connector.get('b')?.state).toBe('done');
    for (const item of ['I001', 'I002']) expect(wire().filter((line) => line.startsWith(`11 P001 ${item}`))).toHaveLength(1);
    expect(sim.library.loans.get('I001')).toMatchObject({ patronId: 'P001', renewals: 0 });
  });

  it('a server that closes idle connections: the queue reconnects and logs in again, nothing is lost', async () => {
    await sim.stop();
    sim = new Sip2ServerSimulator({
      institutionId: 'SIMLIB',
      accounts: [{ userId: 'desk1', password: 'deskpw' }],
      patrons: [{ id: 'P001', pin: '1234', name: '王小明' }],
      items: [{ id: 'I001', title: 'Book A' }, { id: 'I002', title: 'Book B' }],
      now: () => SIM_NOW,
      profile: current.profile,
      overrides: { idleTimeoutMs: 100 },
      port,
    });
    await sim.start();
    const connector = await open();
    await connector.enqueue([{ key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: at(), libraryId: 'TPML', eventId: 'e1' }]);
    await connector.idle();
    await expect.poll(() => sim.stats.idleClosed, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    await connector.enqueue([{ key: 'b', kind: 'checkin', itemId: 'I001', at: at(), libraryId: 'TPML', eventId: 'e2' }]);
    await connector.idle();
    expect(connector.list().map((op) => op.state)).toEqual(['done', 'done']);
    expect(sim.stats.logins).toBe(2);
  });

  it('skips ops for operations that are off or libraries without an account, and everything when disabled', async () => {
    const connector = await open();
    await connector.setConfig(config({ operations: { dispatchCheckout: true, returnCheckin: false, patronValidation: true } }));
    const results = await connector.enqueue([
      { key: 'a', kind: 'checkout', itemId: 'I001', borrowingLibraryCode: 'XYZ', at: at(), libraryId: 'TPML', eventId: 'e1' },
      { key: 'b', kind: 'checkin', itemId: 'I001', at: at(), libraryId: 'TPML', eventId: 'e2' },
      { key: 'c', kind: 'checkout', itemId: 'I001', borrowingLibraryCode: 'NTL', at: at(), libraryId: 'TPML', eventId: 'e3' },
      { key: 'd', kind: 'checkout', itemId: 'I002', at: at(), libraryId: 'TPML', eventId: 'e4' },
    ]);
    expect(results.map((r) => `${r.key}:${r.status}${'reason' in r ? `:${String(r.reason)}` : ''}`)).toEqual([
      'a:skipped:NO_ACCOUNT',
      'b:skipped:OPERATION_OFF',
      'c:queued',
      'd:invalid',
    ]);
    expect(results[2]?.op?.patronId).toBe('ILL-NTL');
    await connector.idle();
    await connector.setConfig(config({ enabled: false }));
    expect(connector.health().state).toBe('disabled');
    expect((await connector.enqueue([{ key: 'e', kind: 'checkin', itemId: 'I001', at: at(), libraryId: 'TPML', eventId: 'e5' }]))[0]).toMatchObject({
      status: 'skipped',
      reason: 'DISABLED',
    });
  });

  it('new settings replace the connection: ops wait while disabled, then go to the newly configured ILS', async () => {
    await sim.goDown();
    const connector = await open();
    await connector.enqueue([{ key: 'z', kind: 'checkout', itemId: 'I9', patronId: 'P9', at: at(), libraryId: 'TPML', eventId: 'e9' }]);
    await connector.idle();
    expect(connector.health().state).toBe('unreachable');
    await connector.setConfig(config({ enabled: false }));
    expect(connector.health()).toMatchObject({ state: 'disabled', queued: 1 });
    expect(connector.get('z')?.state).toBe('queued');

    const other = new Sip2ServerSimulator({
      institutionId: 'SIMLIB',
      accounts: [{ userId: 'desk2', password: 'pw2-secret' }],
      patrons: [{ id: 'P9', pin: '', name: 'x' }],
      items: [{ id: 'I9', title: 'y' }],
    });
    const otherPort = await other.start();
    try {
      await connector.setConfig(config({ port: otherPort, loginUserId: 'desk2', loginPassword: 'pw2-secret' }));
      await connector.idle();
      expect(connector.get('z')?.state).toBe('done');
      expect(other.library.loans.get('I9')?.patronId).toBe('P9');
      expect(other.stats.logins).toBe(1);
      expect(connector.config()).toMatchObject({ port: otherPort, loginUserId: 'desk2', loginPassword: '', hasPassword: true });
      expect(JSON.stringify(logs)).not.toContain('pw2-secret');
    } finally {
      await other.stop();
    }
  });
});

describe('testConnection', () => {
  it('logs in and reports the ACS status and supported messages', async () => {
    const connector = await open();
    const result = await connector.testConnection();
    expect(result).toMatchObject({
      ok: true,
      institutionId: 'SIMLIB',
      libraryName: '臺北市立圖書館 (simulated)',
      protocolVersion: '2.00',
      onlineStatus: true,
      checkinOk: true,
      checkoutOk: true,
      renewalPolicy: true,
      offlineOk: true,
      screenMessage: '',
    });
    if (!result.ok) throw new Error('unreachable');
    expect(result.supportedMessages).toEqual(SUPPORTED_MESSAGES_ORDER.filter((m) => sim.profile.supportedMessages.includes(m)));
    // A system without 17 (or 37) is named in the warnings: the test says what that costs.
    const expected = [
      ...(sim.library.supports('itemInformation') ? [] : [{ code: 'NO_ITEM_INFORMATION' }]),
      ...(sim.library.supports('feePaid') ? [] : [{ code: 'NO_FEE_PAID' }]),
    ];
    expect(result.warnings).toEqual(expected);
    // The library name is Chinese: the replies tell the character set, and (in tolerant mode) the checksum style.
    expect(result.detected).toMatchObject({ charset: sim.profile.charset, checksum: sim.profile.checksum, zoneOffsetMinutes: 0, suggest: {} });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(sim.stats.logins).toBe(1);
    expect(sim.received.map((line) => line.slice(0, 2))).toEqual(['93', '99']);
  });

  it('reports LOGIN_FAILED, CONNECTION_REFUSED, DISABLED and tests a draft without saving it', async () => {
    const connector = await open();
    expect(await connector.testConnection(config({ loginPassword: 'wrong' }))).toMatchObject({ ok: false, code: 'LOGIN_FAILED' });
    expect(connector.config().hasPassword).toBe(true);
    expect(await connector.testConnection(config({ port: 1 }))).toMatchObject({ ok: false, code: 'CONNECTION_REFUSED' });
    await connector.setConfig(config({ enabled: false }));
    expect(await connector.testConnection()).toMatchObject({ ok: false, code: 'DISABLED' });
    expect(await connector.testConnection(config())).toMatchObject({ ok: true });
    await sim.goDown();
    expect(await connector.testConnection(config())).toMatchObject({ ok: false, code: 'CONNECTION_REFUSED' });
  });

  it('reports TIMEOUT for an ILS that answers too slowly', async () => {
    const connector = await open();
    sim.setLatency(1500);
    expect(await connector.testConnection(config({ requestTimeoutMs: 500 }))).toMatchObject({ ok: false, code: 'TIMEOUT' });
  });
});

describe('validatePatron', () => {
  it('checks the PIN, knows unknown and blocked patrons', async () => {
    const connector = await open();
    expect(await connector.validatePatron('P001', '1234')).toEqual({
      reachable: true,
      valid: true,
      pinOk: true,
      blocked: false,
      name: '王小明',
      screenMessage: '',
      blocks: [],
    });
    expect(await connector.validatePatron('P001', '9999')).toMatchObject({ reachable: true, valid: true, pinOk: false });
    expect(await connector.validatePatron('P001')).toMatchObject({ reachable: true, valid: true, pinOk: null });
    expect(await connector.validatePatron('NOBODY', '1234')).toMatchObject({ reachable: true, valid: false, screenMessage: 'Patron not found' });
    expect(await connector.validatePatron('P002', '0000')).toMatchObject({ reachable: true, valid: true, pinOk: true, blocked: true, blocks: ['chargePrivilegesDenied', 'renewalPrivilegesDenied', 'holdPrivilegesDenied'] });
    expect(await connector.validatePatron('P0|01', '1234')).toMatchObject({ reachable: true, valid: false });
    expect(sim.received.some((line) => line.includes('1234'))).toBe(false);
  });

  it('says unreachable, with the offline PIN rule, when the ILS is down or the check is off', async () => {
    const connector = await open({ config: config({ offlinePinRule: 'accept-card-only' }) });
    await sim.goDown();
    expect(await connector.validatePatron('P001', '1234')).toMatchObject({ reachable: false, reason: 'CONNECTION_REFUSED', offlinePinRule: 'accept-card-only' });
    await connector.setConfig(config({ operations: { dispatchCheckout: true, returnCheckin: true, patronValidation: false } }));
    expect(await connector.validatePatron('P001', '1234')).toMatchObject({ reachable: false, reason: 'DISABLED', offlinePinRule: 'refuse' });
  });
});
});

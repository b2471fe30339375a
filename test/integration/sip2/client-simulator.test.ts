// The SIP2 client against the simulator over real TCP on 127.0.0.1, once for
// every server profile (strict, closing, char-checksum, big5, no-item-info),
// the client set up as staff would set it up for that server.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Sip2Client, Sip2ClientError } from '#node/sip2';
import type { Sip2ClientErrorCode, Sip2ClientOptions, Sip2LogEvent } from '#node/sip2';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import type { Sip2ServerOptions } from '#main/simulators/sip2-server';
import { formatSipDateIn } from '#shared/sip2';
import { PROFILE_CASES, SERVER_ZONE } from './profiles';
import type { ProfileCase } from './profiles';

const NOW = new Date(2024, 0, 31, 10, 15, 30);
const now = (): Date => NOW;
const DUE = formatSipDateIn(new Date(NOW.getTime() + 14 * 24 * 60 * 60 * 1000), SERVER_ZONE);
let current: ProfileCase = PROFILE_CASES[0]!;

function simulatorOptions(overrides: Sip2ServerOptions = {}): Sip2ServerOptions {
  return {
    institutionId: 'SIMLIB',
    accounts: [{ userId: 'desk1', password: 'deskpw' }],
    patrons: [
      { id: 'P001', pin: '1234', name: '王小明', fines: 12.5 },
      { id: 'P002', pin: '0000', name: 'Blocked Reader', blocked: true },
    ],
    items: [
      { id: 'I001', title: 'Book A', permanentLocation: 'Main stacks' },
      { id: 'I002', title: 'Book B', permanentLocation: 'Main stacks', destination: 'TPML', sortBin: 'B3' },
      { id: 'I003', title: 'Book C' },
    ],
    now,
    profile: current.profile,
    ...overrides,
  };
}

let sim: Sip2ServerSimulator;
let port: number;
let log: Sip2LogEvent[];
const clients: Sip2Client[] = [];

function client(overrides: Partial<Sip2ClientOptions> = {}): Sip2Client {
  const created = new Sip2Client({
    host: '127.0.0.1',
    port,
    institutionId: 'SIMLIB',
    credentials: { userId: 'desk1', password: 'deskpw', locationCode: 'DESK-1' },
    requestTimeoutMs: 2000,
    logger: (event) => log.push(event),
    now,
    ...current.client,
    ...overrides,
  });
  clients.push(created);
  return created;
}

async function expectSip2Error(promise: Promise<unknown>, code: Sip2ClientErrorCode): Promise<Sip2ClientError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but the request succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Sip2ClientError);
  expect((error as Sip2ClientError).code).toBe(code);
  return error as Sip2ClientError;
}

function sentLines(): string[] {
  return log.flatMap((event) => (event.kind === 'send' ? [event.line] : []));
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.stop();
});

describe.each(PROFILE_CASES)('SIP2 client ↔ simulator ($profile)', (profileCase) => {
  beforeEach(async () => {
    current = profileCase;
    log = [];
    sim = new Sip2ServerSimulator(simulatorOptions());
    port = await sim.start();
  });

  it('logs in and reads the ACS status; the logger sees masked lines only', async () => {
    const c = client();
    const login = await c.login();
    expect(login).toEqual({ type: 'loginResponse', ok: true });
    const status = await c.scStatus();
    expect(status).toMatchObject({
      type: 'acsStatus',
      onlineStatus: true,
      checkinOk: true,
      checkoutOk: true,
      timeoutPeriod: 30,
      retriesAllowed: 3,
      dateTimeSync: formatSipDateIn(NOW, SERVER_ZONE),
      protocolVersion: '2.00',
      institutionId: 'SIMLIB',
      libraryName: 'Simulated Library',
    });
    expect(status.supportedMessages?.checkout).toBe(true);
    expect(status.supportedMessages?.hold).toBe(false);
    expect(sim.stats.logins).toBe(1);

    expect(sentLines()[0]).toMatch(/^9300CNdesk1\|CO\*\*\*\*\|CPDESK-1\|AY0AZ[0-9A-F]{4}$/);
    expect(sentLines()[1]).toMatch(/^9900802\.00AY1AZ[0-9A-F]{4}$/);
    expect(c.lastChecksumStyle).toBe('bytes');
    expect(JSON.stringify(log)).not.toContain('deskpw');
    expect(sim.received.join('\n')).not.toContain('deskpw');
  });

  it('validates a patron and verifies the PIN', async () => {
    const c = client();
    const right = await c.patronInformation('P001', { patronPassword: '1234' });
    expect(right).toMatchObject({ validPatron: true, validPatronPassword: true, personalName: '王小明', feeAmount: '12.50', currencyType: 'TWD' });
    expect(right.patronStatus.chargePrivilegesDenied).toBe(false);

    const wrong = await c.patronInformation('P001', { patronPassword: '9999' });
    expect(wrong.validPatron).toBe(true);
    expect(wrong.validPatronPassword).toBe(false);

    const unknown = await c.patronInformation('NOBODY', { patronPassword: '1234' });
    expect(unknown.validPatron).toBe(false);
    expect(unknown.screenMessage).toEqual(['Patron not found']);

    const blocked = await c.patronStatus('P002', '0000');
    expect(blocked.patronStatus.chargePrivilegesDenied).toBe(true);
    expect(blocked.validPatronPassword).toBe(true);
    expect(sentLines().some((line) => line.includes('AD1234'))).toBe(false);
  });

  it('checks an item out and in again', async () => {
    const c = client();
    const out = await c.checkout('P001', 'I001', { patronPassword: '1234' });
    expect(out).toMatchObject({ ok: true, renewalOk: false, desensitize: 'Y', patronId: 'P001', itemId: 'I001', titleId: 'Book A', dueDate: DUE });
    expect(sim.library.loans.get('I001')?.patronId).toBe('P001');

    const info = await c.patronInformation('P001', { summary: 'chargedItems' });
    expect(info.chargedItemsCount).toBe(1);
    expect(info.chargedItems).toEqual(['I001']);

    const again = await c.checkout('P002', 'I001');
    expect(again.ok).toBe(false);

    const back = await c.checkin('I001', { currentLocation: 'DESK-1' });
    expect(back).toMatchObject({ ok: true, resensitize: true, alert: false, itemId: 'I001', patronId: 'P001', permanentLocation: 'Main stacks' });
    expect(sim.library.loans.has('I001')).toBe(false);
    expect(sim.library.items.get('I001')?.status).toBe('available');

    await c.checkout('P001', 'I002');
    const transit = await c.checkin('I002');
    expect(transit).toMatchObject({ ok: true, alert: true, destination: 'TPML', sortBin: 'B3', screenMessage: ['Send to TPML'] });

    const ended = await c.endSession('P001');
    expect(ended).toMatchObject({ endSession: true, patronId: 'P001' });
  });

  it('renews a loan', async () => {
    const c = client();
    await c.checkout('P001', 'I001');
    const renewed = await c.renew('P001', 'I001');
    expect(renewed).toMatchObject({ ok: true, renewalOk: true, dueDate: formatSipDateIn(new Date(NOW.getTime() + 28 * 24 * 60 * 60 * 1000), SERVER_ZONE) });
    const notMine = await c.renew('P002', 'I001');
    expect(notMine).toMatchObject({ ok: false, screenMessage: ['Item is not checked out to this patron'] });
  });

  it('returns a refused checkout as ok=false with the server screen message', async () => {
    sim.refuse({ operation: 'checkout', itemId: 'I003', screenMessage: '此書已被其他館預約 Reserved for another library' });
    const c = client();
    const refused = await c.checkout('P001', 'I003');
    expect(refused).toMatchObject({ type: 'checkoutResponse', ok: false, itemId: 'I003', dueDate: '', screenMessage: ['此書已被其他館預約 Reserved for another library'] });
    expect(sim.library.loans.has('I003')).toBe(false);

    const blocked = await c.checkout('P002', 'I001');
    expect(blocked.screenMessage).toEqual(['Patron is blocked: please see the circulation desk']);
  });

  it('asks for a resend (97) when a reply checksum is wrong, and succeeds', async () => {
    const c = client();
    await c.login();
    sim.corruptNextChecksum();
    const out = await c.checkout('P001', 'I001');
    expect(out.ok).toBe(true);
    expect(sim.stats.resendsServed).toBe(1);
    expect(sentLines().filter((line) => line === '97AZFEF5')).toHaveLength(1);
    expect(sim.library.loans.size).toBe(1);
  });

  it('gives up with BAD_CHECKSUM_EXHAUSTED when every resend is corrupted too', async () => {
    const c = client({ maxResends: 2 });
    await c.login();
    sim.corruptNextChecksum(3);
    await expectSip2Error(c.scStatus(), 'BAD_CHECKSUM_EXHAUSTED');
    expect(sim.stats.resendsServed).toBe(2);
    // The connection is still in step: the next request works.
    expect((await c.scStatus()).onlineStatus).toBe(true);
  });

  it('reports the server going down, then reconnects and logs in again after comeUp', async () => {
    const c = client();
    await c.login();
    await sim.goDown();
    await vi.waitFor(() => expect(c.connected).toBe(false));
    await expectSip2Error(c.scStatus(), 'CONNECTION_REFUSED');

    await sim.comeUp();
    expect(sim.port).toBe(port);
    const status = await c.scStatus();
    expect(status.onlineStatus).toBe(true);
    expect(sim.stats.logins).toBe(2);
    expect(sim.stats.droppedBeforeLogin).toBe(0);
  });

  it('reports CONNECTION_LOST when the server drops during a request', async () => {
    const c = client();
    await c.login();
    sim.setLatency(1000);
    const pending = c.checkout('P001', 'I001');
    await vi.waitFor(() => expect(sim.received.some((line) => line.startsWith('11'))).toBe(true));
    await sim.goDown();
    await expectSip2Error(pending, 'CONNECTION_LOST');
    sim.setLatency(0);
    await sim.comeUp();
    // The ILS did check the item out; only the reply was lost. Sending it again is a renewal on real servers
    // (which is why the desk's queue checks with Item Information before it sends again).
    expect(sim.library.loans.get('I001')?.patronId).toBe('P001');
    const retry = await c.checkout('P001', 'I001');
    expect(retry).toMatchObject({ ok: true, renewalOk: true });
    expect(sim.library.loans.get('I001')?.renewals).toBe(1);
    expect(sim.stats.logins).toBe(2);
  });

  it('times out on a slow server, then works on a fresh connection', async () => {
    const c = client({ requestTimeoutMs: 150 });
    await c.login();
    sim.setLatency(400);
    const started = Date.now();
    await expectSip2Error(c.scStatus(), 'TIMEOUT');
    expect(Date.now() - started).toBeLessThan(390);
    sim.setLatency(0);
    const info = await c.patronInformation('P001');
    expect(info.type).toBe('patronInformationResponse');
    expect(sim.stats.connections).toBe(2);
  });

  it('reports LOGIN_FAILED for wrong credentials', async () => {
    const c = client({ credentials: { userId: 'desk1', password: 'wrong' } });
    await expectSip2Error(c.login(), 'LOGIN_FAILED');
    await expectSip2Error(c.scStatus(), 'LOGIN_FAILED');
    expect(sim.stats.failedLogins).toBe(2);
  });

  it('reports CONNECTION_REFUSED when nothing listens', async () => {
    await sim.goDown();
    const c = client({ credentials: undefined });
    await expectSip2Error(c.scStatus(), 'CONNECTION_REFUSED');
  });

  it('queues concurrent requests and cycles sequence numbers 0–9', async () => {
    const c = client();
    const replies = await Promise.all(Array.from({ length: 12 }, () => c.scStatus()));
    expect(replies.every((reply) => reply.type === 'acsStatus')).toBe(true);
    const sequences = sim.received.map((line) => /AY([0-9])AZ/.exec(line)?.[1]);
    // The login took sequence 0.
    expect(sequences).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '1', '2']);
  });

  it('works with CRLF replies and without error detection', async () => {
    await sim.stop();
    sim = new Sip2ServerSimulator(simulatorOptions({ lineEnding: '\r\n' }));
    port = await sim.start();
    const c = client({ errorDetection: false });
    const out = await c.checkout('P001', 'I001');
    expect(out.ok).toBe(true);
    expect(sim.received.every((line) => !line.includes('AZ'))).toBe(true);
  });

  it('rejects queued and new requests with CLOSED after close()', async () => {
    const c = client();
    await c.login();
    sim.setLatency(300);
    const pending = c.scStatus();
    const queued = c.scStatus();
    await c.close();
    await expectSip2Error(pending, 'CLOSED');
    await expectSip2Error(queued, 'CLOSED');
    await expectSip2Error(c.scStatus(), 'CLOSED');
  });

  it('turns an unencodable barcode into INVALID_REQUEST without breaking the connection', async () => {
    const c = client();
    await expectSip2Error(c.checkout('P001', 'I0|01'), 'INVALID_REQUEST');
    expect((await c.checkout('P001', 'I001')).ok).toBe(true);
  });
});

describe('simulator on the wire (strict)', () => {
  beforeEach(async () => {
    current = PROFILE_CASES[0]!;
    log = [];
    sim = new Sip2ServerSimulator(simulatorOptions());
    port = await sim.start();
  });

  function exchange(lines: string[], replies: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
        if (received.split('\r').length - 1 >= replies) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on('error', reject);
      // A server that drops the connection answers with whatever it sent so far.
      socket.on('close', () => resolve(received));
      socket.on('connect', () => socket.write(lines.join('')));
    });
  }

  function withChecksum(head: string): string {
    let sum = 0;
    for (const byte of Buffer.from(head, 'utf8')) sum += byte;
    return head + ((-sum) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  }

  it('echoes the sequence number with a correct checksum, byte for byte', async () => {
    const reply = await exchange([`${withChecksum('9300CNdesk1|COdeskpw|CPLOC1|AY3AZ')}\r`], 1);
    expect(reply).toBe('941AY3AZFDFA\r');
  });

  it('answers a request with a bad checksum with 96', async () => {
    const reply = await exchange(['9300CNdesk1|COdeskpw|CPLOC1|AY3AZ0000\r'], 1);
    expect(reply).toBe('96AZFEF6\r');
    expect(sim.stats.resendsRequested).toBe(1);
  });

  it('sends its last reply again on 97 with sequence 0, as SIPServer does, and drops a connection that skips login', async () => {
    const reply = await exchange([`${withChecksum('9300CNdesk1|COdeskpw|AY1AZ')}\r`, '97AZFEF5\r'], 2);
    expect(reply).toBe('941AY1AZFDFC\r941AY0AZFDFD\r');

    expect(await exchange(['2300020240131    101530AOSIMLIB|AAP001|AC|AD|\r'], 1)).toBe('');
    expect(sim.stats.droppedBeforeLogin).toBe(1);
  });
});

// SIP2 over TLS against the simulator with a throwaway self-signed certificate
// made by the openssl CLI at test time (no keys in git). Skipped, loudly, when
// the CLI is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IlsConnector, parseIlsConfig } from '#main/ils';
import type { IlsConfig } from '#main/ils';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { PROFILE_CASES } from '../sip2/profiles';

const OPENSSL = spawnSync('openssl', ['version'], { encoding: 'utf8' });
const HAVE_OPENSSL = OPENSSL.status === 0;
if (!HAVE_OPENSSL) console.warn('SKIPPED: SIP2 TLS tests need the openssl CLI to make a throwaway certificate, and it was not found.');

interface Pem {
  key: string;
  cert: string;
}

function selfSigned(dir: string, name: string): Pem {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const made = spawnSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`,
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

describe.skipIf(!HAVE_OPENSSL).each(PROFILE_CASES)('SIP2 over TLS ($profile server)', (pc) => {
  let certDir: string;
  let server: Pem;
  let stranger: Pem;
  let sim: Sip2ServerSimulator;
  let dir: string;
  const connectors: IlsConnector[] = [];

  function config(tls: Record<string, unknown>, overrides: Record<string, unknown> = {}): IlsConfig {
    const parsed = parseIlsConfig({
      enabled: true,
      host: '127.0.0.1',
      port: sim.port,
      institutionId: 'SIMLIB',
      loginUserId: 'desk1',
      loginPassword: 'deskpw',
      requestTimeoutMs: 2000,
      tls: { enabled: true, rejectUnauthorized: true, caPem: '', ...tls },
      ...pc.settings,
      ...overrides,
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.value;
  }

  async function open(configValue: IlsConfig): Promise<IlsConnector> {
    const connector = await IlsConnector.open({ dir, config: configValue });
    connectors.push(connector);
    return connector;
  }

  beforeAll(() => {
    certDir = mkdtempSync(join(tmpdir(), 'sip2-tls-'));
    server = selfSigned(certDir, 'ils.test');
    stranger = selfSigned(certDir, 'someone-else');
  });

  afterAll(() => {
    rmSync(certDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ils-tls-'));
    sim = new Sip2ServerSimulator({
      institutionId: 'SIMLIB',
      accounts: [{ userId: 'desk1', password: 'deskpw' }],
      patrons: [{ id: 'P001', pin: '1234', name: 'Reader' }],
      items: [{ id: 'I001', title: 'Book A' }],
      tls: { key: server.key, cert: server.cert },
      profile: pc.profile,
    });
    await sim.start();
  });

  afterEach(async () => {
    await Promise.all(connectors.splice(0).map((c) => c.close()));
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects when the server certificate is given as the CA, and circulates over TLS', async () => {
    const connector = await open(config({ caPem: server.cert }));
    const result = await connector.testConnection();
    expect(result).toMatchObject({ ok: true, institutionId: 'SIMLIB' });
    await connector.enqueue([{ key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: new Date().toISOString(), libraryId: 'TPML', eventId: 'e1' }]);
    await connector.idle();
    expect(connector.get('a')?.state).toBe('done');
    expect(sim.library.loans.get('I001')?.patronId).toBe('P001');
    expect(sim.stats.logins).toBe(2);
  });

  it('refuses a certificate signed by another CA, or none, with TLS_CERTIFICATE', async () => {
    const connector = await open(config({ caPem: stranger.cert }));
    const wrongCa = await connector.testConnection();
    expect(wrongCa).toMatchObject({ ok: false, code: 'TLS_CERTIFICATE', message: expect.stringContaining('DEPTH_ZERO_SELF_SIGNED_CERT') });
    expect(await connector.testConnection(config({ caPem: '' }))).toMatchObject({ ok: false, code: 'TLS_CERTIFICATE' });
    expect(sim.stats.logins).toBe(0);

    // The queue waits (health error, not a silent retry storm) and sends nothing.
    await connector.enqueue([{ key: 'a', kind: 'checkout', itemId: 'I001', patronId: 'P001', at: new Date().toISOString(), libraryId: 'TPML', eventId: 'e1' }]);
    await connector.idle();
    expect(connector.health()).toMatchObject({ state: 'error', lastErrorCode: 'TLS_CERTIFICATE' });
    expect(connector.get('a')).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('connects without verification only when rejectUnauthorized is off', async () => {
    const connector = await open(config({ rejectUnauthorized: false }));
    expect(await connector.testConnection()).toMatchObject({ ok: true });
  });

  it('a plain-TCP client against the TLS port fails with a code, not a hang', async () => {
    const connector = await open(config({ caPem: server.cert }));
    // The TLS server drops the garbage handshake: the client learns it while waiting for the login reply.
    expect(await connector.testConnection(config({ enabled: false }, { requestTimeoutMs: 1000 }))).toMatchObject({ ok: false, code: 'CONNECTION_LOST' });
  });
});

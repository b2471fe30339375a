// Asking a library's own system whether an account and PIN are right: log in
// (93) when the settings name a login, then Patron Information (63) with the
// PIN — or Patron Status (23) when the system does not understand 63 (it
// answers with something else or drops the connection). One
// connection per sign-in, closed after. No logger is given to the client:
// its lines would carry the patron's identifier.
import { Sip2Client, isSip2ClientError } from '#node/sip2';
import type { Sip2Settings } from './sip2-settings';

export type Sip2Verdict =
  | { kind: 'ok'; patronId: string }
  | { kind: 'refused' }
  /** The system did not answer, or would not let the consortium log in: not the patron's fault. */
  | { kind: 'unreachable'; why: string };

const CONNECT_TIMEOUT_MS = 5_000;

export async function verifyWithSip2(settings: Sip2Settings, account: string, pin: string): Promise<Sip2Verdict> {
  // No system holds an identifier or PIN with a field separator or line break: refuse without asking.
  if (/[|\r\n]/.test(account) || /[|\r\n]/.test(pin)) return { kind: 'refused' };
  const client = new Sip2Client({
    host: settings.host,
    port: settings.port,
    tls: settings.tls,
    institutionId: settings.institutionId,
    ...(settings.loginUser !== '' ? { credentials: { userId: settings.loginUser, password: settings.loginPassword, ...(settings.locationCode ? { locationCode: settings.locationCode } : {}) } } : {}),
    requestTimeoutMs: settings.timeoutMs,
    connectTimeoutMs: Math.min(settings.timeoutMs, CONNECT_TIMEOUT_MS),
    maxResends: 1,
    charset: settings.charset,
  });
  try {
    if (settings.loginUser !== '') await client.login();
    let valid: boolean;
    let pinOk: boolean;
    let patronId: string;
    try {
      const info = await client.patronInformation(account, { patronPassword: pin });
      // BL is optional in SIP2 2.00: a system that leaves it out names known patrons.
      valid = info.validPatron ?? info.personalName !== '';
      pinOk = info.validPatronPassword === true;
      patronId = info.patronId;
    } catch (err) {
      // A system without 63 answers something else, or closes the connection on it (the client reconnects and
      // logs in again for the next request). One that stays silent times out: unreachable, as a down one.
      if (!isSip2ClientError(err, 'PROTOCOL_ERROR') && !isSip2ClientError(err, 'CONNECTION_LOST')) throw err;
      const status = await client.patronStatus(account, pin);
      valid = status.validPatron ?? status.personalName !== '';
      pinOk = status.validPatronPassword === true;
      patronId = status.patronId;
    }
    return valid && pinOk ? { kind: 'ok', patronId: patronId.trim() || account } : { kind: 'refused' };
  } catch (err) {
    if (isSip2ClientError(err)) return { kind: 'unreachable', why: err.code };
    return { kind: 'unreachable', why: 'ERROR' };
  } finally {
    await client.close().catch(() => undefined);
  }
}

// Checking a patron with the library's system (Patron Information, 63) for
// the desk: valid, PIN right, blocked. Unreachable (or turned off) is an
// answer too, carrying the offline PIN rule the desk falls back on.
import type { PatronStatusFlags } from '#shared/sip2';
import type { Sip2Client } from '#node/sip2/client';
import type { IlsConfig } from './config';
import { describeFailure } from './failure';
import type { IlsFailureCode } from './failure';
import type { IlsPatronCheck } from './connector-types';
import { joinLines } from './screen-message';

export async function checkPatron(config: IlsConfig, client: Sip2Client | null, patronId: string, pin: string | undefined, mask: (text: string) => string): Promise<IlsPatronCheck> {
  const offline = (reason: IlsFailureCode, message: string): IlsPatronCheck => ({
    reachable: false,
    reason,
    message: mask(message),
    offlinePinRule: config.offlinePinRule,
  });
  if (!config.enabled || client === null) return offline('DISABLED', 'the ILS connection is turned off');
  if (!config.operations.patronValidation) return offline('DISABLED', 'patron validation with the ILS is turned off');
  if (patronId === '' || /[|\r\n]/.test(patronId) || (pin !== undefined && /[|\r\n]/.test(pin))) {
    // No ILS could hold such an identifier: not a patron, and no reason to fall back to offline rules.
    return { reachable: true, valid: false, pinOk: pin === undefined ? null : false, blocked: false, name: '', screenMessage: '', blocks: [] };
  }
  try {
    const info = await client.patronInformation(patronId, pin === undefined ? {} : { patronPassword: pin });
    const flags = info.patronStatus;
    const blocks = (Object.keys(flags) as (keyof PatronStatusFlags)[]).filter((key) => flags[key]);
    return {
      reachable: true,
      // BL is optional in 2.00; an ILS that leaves it out names known patrons.
      valid: info.validPatron ?? info.personalName !== '',
      pinOk: pin === undefined ? null : (info.validPatronPassword ?? null),
      blocked: flags.chargePrivilegesDenied || flags.cardReportedLost,
      name: info.personalName,
      screenMessage: joinLines(info.screenMessage),
      blocks,
    };
  } catch (error) {
    const failure = describeFailure(error);
    return offline(failure.code, failure.message);
  }
}

// Testing a connection from the settings screen: login + SC Status (98) on a
// connection of its own, then what staff should know (character set, checksum
// style, zone, messages the system lacks, an institution that does not match).
import type { IlsTestWarning } from '#shared/bridge/ils';
import { performance } from 'node:perf_hooks';
import { SUPPORTED_MESSAGES_ORDER } from '#shared/sip2';
import { Sip2Client } from '#node/sip2/client';
import type { Sip2ClientOptions } from '#node/sip2/client';
import { sip2Codec } from '#node/sip2/charset';
import type { IlsConfig } from './config';
import { describeFailure } from './failure';
import type { IlsTestResult } from './connector-types';
import { joinLines } from './screen-message';
import { detect, reportWords } from './test-report';

/** Never throws: a failure is a result with its code and a masked message. */
export async function testIlsConnection(config: IlsConfig, clientOptions: Sip2ClientOptions, now: () => Date, mask: (text: string) => string): Promise<IlsTestResult> {
  const lines: Buffer[] = [];
  // Tolerant, so a system summing characters is reported rather than failing the test; raw lines to detect the charset.
  const client = new Sip2Client({ ...clientOptions, checksumMode: 'tolerant', onLine: (line) => lines.push(Buffer.from(line)) });
  try {
    await client.connect();
    const started = performance.now();
    const status = await client.scStatus();
    const latencyMs = Math.round(performance.now() - started);
    const supported = status.supportedMessages;
    const findings = detect(lines, config, status.dateTimeSync, now(), sip2Codec(config.charset).decode);
    const warnings: IlsTestWarning[] = [...findings.warnings];
    if (supported !== undefined) {
      // Without 17 a lost reply cannot be checked, and the op at the head is retried until staff step in.
      if (!supported.itemInformation) warnings.push({ code: 'NO_ITEM_INFORMATION' });
      if (!supported.checkout && config.operations.dispatchCheckout) warnings.push({ code: 'NO_CHECKOUT' });
      if (!supported.checkin && config.operations.returnCheckin) warnings.push({ code: 'NO_CHECKIN' });
      if (!supported.patronInformation && config.operations.patronValidation) warnings.push({ code: 'NO_PATRON_INFORMATION' });
      if (!supported.feePaid && config.feePaid) warnings.push({ code: 'NO_FEE_PAID' });
    }
    if (status.institutionId !== '' && status.institutionId !== config.institutionId) {
      warnings.push({ code: 'INSTITUTION_MISMATCH', answered: status.institutionId, configured: config.institutionId });
    }
    const supportedKeys = SUPPORTED_MESSAGES_ORDER.filter((key) => supported?.[key] === true);
    return {
      ok: true,
      detected: findings.detected,
      report: reportWords(findings.detected, config, supportedKeys, SUPPORTED_MESSAGES_ORDER),
      latencyMs,
      institutionId: status.institutionId,
      libraryName: status.libraryName ?? '',
      protocolVersion: status.protocolVersion,
      // Keys, in BX order: the screen names them in its language.
      supportedMessages: supportedKeys,
      onlineStatus: status.onlineStatus,
      checkinOk: status.checkinOk,
      checkoutOk: status.checkoutOk,
      renewalPolicy: status.acsRenewalPolicy,
      offlineOk: status.offlineOk,
      screenMessage: joinLines(status.screenMessage),
      warnings,
    };
  } catch (error) {
    const failure = describeFailure(error);
    return { ok: false, code: failure.code, message: mask(failure.message) };
  } finally {
    await client.close();
  }
}

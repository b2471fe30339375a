// The SIP2 client's options from the ILS settings: host, TLS, account,
// framing, character set, zone and no-block spelling.
import type { ConnectionOptions } from 'node:tls';
import type { Sip2ClientOptions, Sip2LogEvent } from '#node/sip2/client';
import { connectHost } from './config';
import type { IlsConfig } from './config';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface ClientSettingsExtras {
  /** IlsConnectorOptions.connectTimeoutMs; default min(requestTimeoutMs, 5 000). */
  readonly connectTimeoutMs?: number;
  readonly now?: () => Date;
  readonly logger: (event: Sip2LogEvent) => void;
}

export function sip2ClientOptions(config: IlsConfig, extras: ClientSettingsExtras): Sip2ClientOptions {
  let tls: Sip2ClientOptions['tls'];
  if (config.tls.enabled) {
    const tlsOptions: ConnectionOptions = { rejectUnauthorized: config.tls.rejectUnauthorized };
    if (config.tls.caPem !== '') tlsOptions.ca = config.tls.caPem;
    tls = tlsOptions;
  }
  return {
    host: connectHost(config.host),
    port: config.port,
    tls,
    institutionId: config.institutionId,
    terminalPassword: config.terminalPassword,
    credentials:
      config.loginUserId === ''
        ? undefined
        : { userId: config.loginUserId, password: config.loginPassword, locationCode: config.locationCode || undefined },
    errorDetection: config.errorDetection,
    requestTimeoutMs: config.requestTimeoutMs,
    connectTimeoutMs: extras.connectTimeoutMs ?? Math.min(config.requestTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    logger: extras.logger,
    now: extras.now,
    charset: config.charset,
    checksumMode: config.checksumMode,
    fieldDelimiter: config.fieldDelimiter,
    timeZone: config.timeZone,
    noBlockFlag: config.noBlockFlag,
  };
}

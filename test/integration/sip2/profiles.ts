// The simulator's server profiles, each with the settings a library's staff
// would give the desk for that server (what test-connection tells them to
// set): integration tests run once per profile with these.
import type { Sip2ClientOptions } from '#node/sip2';
import { SIP2_PROFILE_NAMES } from '#main/simulators/sip2-profiles';
import type { Sip2ProfileName } from '#main/simulators/sip2-profiles';

/** Every profile's server keeps Asia/Taipei time; so do the desks. */
export const SERVER_ZONE = 'Asia/Taipei';

export interface ProfileCase {
  readonly profile: Sip2ProfileName;
  /** Client options (node/sip2) for this server. */
  readonly client: Partial<Sip2ClientOptions>;
  /** The same as ILS settings (main/ils config fields). */
  readonly settings: Record<string, unknown>;
}

const SETTINGS: Record<Sip2ProfileName, Record<string, unknown>> = {
  strict: {},
  closing: { noBlockFlag: '10' },
  'char-checksum': { checksumMode: 'tolerant' },
  big5: { charset: 'big5' },
  'no-item-info': {},
};

export const PROFILE_CASES: readonly ProfileCase[] = SIP2_PROFILE_NAMES.map((profile) => {
  const settings = { timeZone: SERVER_ZONE, ...SETTINGS[profile] };
  return { profile, settings, client: settings as Partial<Sip2ClientOptions> };
});

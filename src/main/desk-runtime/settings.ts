// How a desk is started: which library it belongs to, its role, where its
// data lives and which service it talks to. Read from command-line flags
// (scripts/start-web.ts) or RELAY_* environment variables (the Electron shell).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { LIBRARY_CODE_PATTERN } from '#shared/domain/libraries';
import type { DeskLocale, DeskRole, KioskDeviceSettings } from '#shared/bridge';

export interface DeskSettings {
  dataDir: string;
  libraryId: string;
  role: DeskRole;
  deskName: string;
  locale: DeskLocale;
  simulate: boolean;
  /** An external central service; null runs the embedded one in dataDir/service. */
  serviceUrl: string | null;
  pairingCode: string | null;
  /** Load the demo consortium into the embedded service. */
  demo: boolean;
  /** The kiosk's own settings (role kiosk); absent means the defaults. */
  kiosk?: KioskDeviceSettings;
  /** Another desk's data directory: use the service that desk embeds (its consortium) instead of starting one. */
  join?: string;
}

export const DEFAULT_KIOSK_SETTINGS: KioskDeviceSettings = { idleSeconds: null, pin: 'off' };
/** A kiosk's own idle timeout may be shorter than the policy allows (a busy hall, a test), never zero. */
export const KIOSK_IDLE_RANGE = { min: 2, max: 600 } as const;

export type SettingsResult = { ok: true; settings: DeskSettings; port: number } | { ok: false; message: string };

export const USAGE = `Usage: start-web [--port N] [--library NKUST] [--role staff|kiosk] [--data-dir DIR]
                 [--service-url URL] [--pairing-code CODE] [--name NAME] [--locale zh-TW|en]
                 [--no-simulate] [--no-demo] [--join FIRST_DESK_DATA_DIR]
                 [--kiosk] [--kiosk-idle SECONDS] [--kiosk-pin off|required]`;

/** --kiosk is --role kiosk; the kiosk flags are checked here so both entry points say the same. */
function kioskSettings(raw: { kiosk?: boolean | undefined; role?: string | undefined; idle?: string | undefined; pin?: string | undefined }): { ok: true; role: DeskRole | undefined; kiosk: KioskDeviceSettings } | { ok: false; message: string } {
  if (raw.kiosk && raw.role !== undefined && raw.role !== 'kiosk') return { ok: false, message: `--kiosk cannot be combined with --role ${raw.role}` };
  const { min, max } = KIOSK_IDLE_RANGE;
  if (raw.idle !== undefined && (!/^\d{1,3}$/.test(raw.idle) || Number(raw.idle) < min || Number(raw.idle) > max)) return { ok: false, message: `--kiosk-idle: seconds between ${min} and ${max}, not "${raw.idle}"` };
  if (raw.pin !== undefined && raw.pin !== 'off' && raw.pin !== 'required') return { ok: false, message: `--kiosk-pin: off or required, not "${raw.pin}"` };
  return {
    ok: true,
    role: raw.kiosk ? 'kiosk' : (raw.role as DeskRole | undefined),
    kiosk: { idleSeconds: raw.idle === undefined ? null : Number(raw.idle), pin: (raw.pin ?? 'off') as KioskDeviceSettings['pin'] },
  };
}

function check(raw: { port?: string | undefined; library?: string | undefined; role?: string | undefined; locale?: string | undefined; serviceUrl?: string | undefined }): string | null {
  if (raw.port !== undefined && !/^\d{1,5}$/.test(raw.port)) return `--port: a number 0–65535, not "${raw.port}"`;
  if (raw.port !== undefined && Number(raw.port) > 65_535) return `--port: a number 0–65535, not "${raw.port}"`;
  if (raw.library !== undefined && !new RegExp(LIBRARY_CODE_PATTERN).test(raw.library)) return `--library: a library code such as NKUST, not "${raw.library}"`;
  if (raw.role !== undefined && raw.role !== 'staff' && raw.role !== 'kiosk') return `--role: staff or kiosk, not "${raw.role}"`;
  if (raw.locale !== undefined && raw.locale !== 'zh-TW' && raw.locale !== 'en') return `--locale: zh-TW or en, not "${raw.locale}"`;
  if (raw.serviceUrl !== undefined) {
    try {
      const u = new URL(raw.serviceUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return '--service-url: an http(s) URL';
    } catch {
      return `--service-url: not a URL: "${raw.serviceUrl}"`;
    }
  }
  return null;
}

export function parseDeskArgs(argv: readonly string[], cwd: string): SettingsResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        library: { type: 'string' },
        role: { type: 'string' },
        'data-dir': { type: 'string' },
        'service-url': { type: 'string' },
        'pairing-code': { type: 'string' },
        name: { type: 'string' },
        locale: { type: 'string' },
        'no-simulate': { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        kiosk: { type: 'boolean' },
        'kiosk-idle': { type: 'string' },
        'kiosk-pin': { type: 'string' },
        join: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${(error as Error).message}\n${USAGE}` };
  }
  const problem = check({ port: values.port, library: values.library, role: values.role, locale: values.locale, serviceUrl: values['service-url'] });
  if (problem) return { ok: false, message: `${problem}\n${USAGE}` };
  const kiosk = kioskSettings({ kiosk: values.kiosk, role: values.role, idle: values['kiosk-idle'], pin: values['kiosk-pin'] });
  if (!kiosk.ok) return { ok: false, message: `${kiosk.message}\n${USAGE}` };
  if (values.join !== undefined && values['service-url'] !== undefined) return { ok: false, message: `--join and --service-url name two services: give one\n${USAGE}` };
  const libraryId = values.library ?? 'NKUST';
  const role = kiosk.role ?? 'staff';
  return {
    ok: true,
    port: Number(values.port ?? 0),
    settings: {
      dataDir: resolve(cwd, values['data-dir'] ?? `data/desk-${libraryId}-${role}`),
      libraryId,
      role,
      deskName: values.name ?? `${libraryId} ${role === 'kiosk' ? 'kiosk' : 'desk'} (web)`,
      locale: (values.locale ?? 'zh-TW') as DeskLocale,
      simulate: !values['no-simulate'],
      serviceUrl: values['service-url'] ?? null,
      pairingCode: values['pairing-code'] ?? null,
      // A joining desk uses the first desk's consortium: no demo data of its own.
      demo: !values['no-demo'] && values.join === undefined,
      ...(role === 'kiosk' ? { kiosk: kiosk.kiosk } : {}),
      ...(values.join !== undefined ? { join: resolve(cwd, values.join) } : {}),
    },
  };
}

/** The Electron shell's settings: RELAY_LIBRARY, RELAY_ROLE, RELAY_SERVICE_URL, RELAY_PAIRING_CODE, RELAY_SIMULATE=0, RELAY_DEMO=0, RELAY_LOCALE, and for a kiosk RELAY_KIOSK=1, RELAY_KIOSK_IDLE, RELAY_KIOSK_PIN. `npm start` needs no settings: embedded service, demo data, simulated devices where none are configured. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>, dataDir: string): SettingsResult {
  const raw = { library: env['RELAY_LIBRARY'], role: env['RELAY_ROLE'], locale: env['RELAY_LOCALE'], serviceUrl: env['RELAY_SERVICE_URL'] || undefined };
  const problem = check(raw);
  const toEnv = (message: string) => message.replace(/--([a-z-]+)/g, (_m, flag: string) => `RELAY_${flag.toUpperCase().replace(/-/g, '_')}`);
  if (problem) return { ok: false, message: toEnv(problem) };
  const kiosk = kioskSettings({ kiosk: env['RELAY_KIOSK'] === '1', role: raw.role, idle: env['RELAY_KIOSK_IDLE'] || undefined, pin: env['RELAY_KIOSK_PIN'] || undefined });
  if (!kiosk.ok) return { ok: false, message: toEnv(kiosk.message) };
  const libraryId = raw.library ?? 'NKUST';
  const role = kiosk.role ?? 'staff';
  return {
    ok: true,
    port: 0,
    settings: {
      dataDir,
      libraryId,
      role,
      deskName: env['RELAY_DESK_NAME'] ?? `${libraryId} ${role}`,
      locale: (raw.locale ?? 'zh-TW') as DeskLocale,
      simulate: env['RELAY_SIMULATE'] !== '0',
      serviceUrl: raw.serviceUrl ?? null,
      pairingCode: env['RELAY_PAIRING_CODE'] ?? null,
      // Demo data only goes into the embedded service, never into a real consortium's.
      demo: env['RELAY_DEMO'] !== '0' && !raw.serviceUrl,
      ...(role === 'kiosk' ? { kiosk: kiosk.kiosk } : {}),
    },
  };
}

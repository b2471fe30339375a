// How a desk is started: which library it belongs to, its role, where its
// data lives and which service it talks to. Read from command-line flags
// (scripts/start-web.ts) or RELAY_* environment variables (the Electron shell).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { LIBRARY_CODE_PATTERN } from '../../shared/domain/libraries';
import type { DeskLocale, DeskRole } from '../../shared/bridge';

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
}

export type SettingsResult = { ok: true; settings: DeskSettings; port: number } | { ok: false; message: string };

export const USAGE = `Usage: start-web [--port N] [--library NKUST] [--role staff|kiosk] [--data-dir DIR]
                 [--service-url URL] [--pairing-code CODE] [--name NAME] [--locale zh-TW|en]
                 [--no-simulate] [--no-demo]`;

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
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, message: `${(error as Error).message}\n${USAGE}` };
  }
  const problem = check({ port: values.port, library: values.library, role: values.role, locale: values.locale, serviceUrl: values['service-url'] });
  if (problem) return { ok: false, message: `${problem}\n${USAGE}` };
  const libraryId = values.library ?? 'NKUST';
  const role = (values.role ?? 'staff') as DeskRole;
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
      demo: !values['no-demo'],
    },
  };
}

/** The Electron shell's settings: RELAY_LIBRARY, RELAY_ROLE, RELAY_SERVICE_URL, RELAY_PAIRING_CODE, RELAY_SIMULATE=0, RELAY_DEMO=0, RELAY_LOCALE. `npm start` needs no settings: embedded service, demo data, simulated devices where none are configured. */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>, dataDir: string): SettingsResult {
  const raw = { library: env['RELAY_LIBRARY'], role: env['RELAY_ROLE'], locale: env['RELAY_LOCALE'], serviceUrl: env['RELAY_SERVICE_URL'] || undefined };
  const problem = check(raw);
  if (problem) return { ok: false, message: problem.replace(/--([a-z-]+)/, (_m, flag: string) => `RELAY_${flag.toUpperCase().replace(/-/g, '_')}`) };
  const libraryId = raw.library ?? 'NKUST';
  const role = (raw.role ?? 'staff') as DeskRole;
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
    },
  };
}

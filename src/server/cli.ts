// `npm run server` (serve) and `npm run admin -- <command>`: the service and
// its administrator CLI. Administrative commands go through the HTTP admin
// API, because the embedded database belongs to the running service process.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { startService } from './service';

const HELP = `Relay Desk central service

  npm run server [-- --demo] [--port N] [--data-dir DIR]
      Serve on 127.0.0.1 (PORT, default 8787). Embedded PostgreSQL (PGlite) in DATA_DIR
      (default ./data) unless DATABASE_URL names a PostgreSQL server. --demo loads a demo
      consortium with data in every state (only into an empty database).
      The card-signing keys and the card-page link secret are sealed in the database under
      CARD_KEY_SECRET (any long random string, the same for every service process sharing a
      database); unset, a secret is generated once and kept 0600 as DATA_DIR/card-key-secret.
      DATA_DIR is kept 0700. TRUST_PROXY (e.g. 127.0.0.1,10.0.0.5) names reverse proxies whose
      X-Forwarded-For tells clients apart; PUBLIC_URL is the address card-page links are given out with.

  npm run admin -- <command> [options]       (talks to the running service)
      libraries                                   the member directory
      library <CODE> [--active true|false] [--name-zh T] [--name-en T] [--hours T] [--contact T]
      policy <consortium|CODE> key=value …        e.g. policy NKUST loanLimit=8 closedDates=2026-12-25,2027-01-01
      patron <ID> --library CODE --card NO --name NAME [--expires YYYY-MM-DD] [--status active|expired|barred]
      request --borrower CODE --lender CODE --patron ID --barcode NO --title T [--author A] [--call-number C]
      pair-code --library CODE [--role staff|kiosk]
      devices | revoke <DEVICE_ID> | stats | records <collection>
      stats-rebuild                               recompute the console's statistics from the whole event log
      console-account <USERNAME> [--role office|library] [--library CODE] [--name T]
                                                  a console sign-in; the password comes from CONSOLE_PASSWORD
      portal-password <PATRON_ID>                 the patron portal password the consortium keeps (libraries without a
                                                  SIP2 sign-in); the password comes from PORTAL_PASSWORD
    Virtual library cards:
      partner-card --name NAME --holder-id ID --organisation ORG --host CODE|'*' --until YYYY-MM-DD [--from YYYY-MM-DD] [--limit N]
      card <CARD_ID>                              the card, its QR text and the holder's page link
      card-revoke <CARD_ID> --reason TEXT
      card-key-rotate [--retire-at ISO-INSTANT]   new signing key now; old keys retire then (default now;
                                                  a compromised key: its activeFrom, which refuses every card it signed)
      card-stats                                  cards issued, active, revoked; loans per card and per school
    Options: --url or --service-url (default http://127.0.0.1:$PORT), --data-dir (to find admin-token);
    the administrator token comes from ADMIN_TOKEN or DATA_DIR/admin-token. --data-dir may name a
    desk's data directory (npm run start:web): its embedded service's URL and token are read from there.`;

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { demo: { type: 'boolean' }, port: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true });
  const port = Number(values.port ?? process.env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${values.port ?? process.env['PORT']}"`);
  const dataDir = resolve(values['data-dir'] ?? process.env['DATA_DIR'] ?? './data');
  const databaseUrl = process.env['DATABASE_URL'] || undefined;
  const svc = await startService({
    port, dataDir, databaseUrl, adminToken: process.env['ADMIN_TOKEN'] || undefined, demo: values.demo ?? false,
    logger: { level: process.env['LOG_LEVEL'] ?? 'info' },
  });
  svc.relay.app.log.info(
    { url: svc.url, database: databaseUrl ? 'postgres' : `pglite:${join(dataDir, 'pglite')}`, adminTokenFile: process.env['ADMIN_TOKEN'] ? '(ADMIN_TOKEN)' : join(dataDir, 'admin-token'), demo: values.demo ?? false },
    'relay desk central service ready',
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    svc.relay.app.log.info({ signal }, 'stopping');
    svc.stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function adminToken(dataDir: string): Promise<string> {
  if (process.env['ADMIN_TOKEN']) return process.env['ADMIN_TOKEN'];
  try {
    return (await readFile(join(dataDir, 'admin-token'), 'utf8')).trim();
  } catch {
    throw new Error(`No administrator token: set ADMIN_TOKEN or start the service once so that ${join(dataDir, 'admin-token')} exists.`);
  }
}

/** A desk's data dir holds its embedded service in service/; a service's own data dir is used as it is. */
async function serviceDirOf(dir: string): Promise<string> {
  const inner = join(dir, 'service');
  return (await readFile(join(inner, 'admin-token'), 'utf8').then(() => true, () => false)) ? inner : dir;
}

/** The URL a desk's embedded service wrote when it started (its port changes per run). */
async function endpointUrl(serviceDir: string): Promise<string | null> {
  try {
    const { url } = JSON.parse(await readFile(join(serviceDir, 'endpoint.json'), 'utf8')) as { url?: unknown };
    return typeof url === 'string' ? url : null;
  } catch {
    return null;
  }
}

async function admin(command: string, argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      url: { type: 'string' }, 'service-url': { type: 'string' }, 'data-dir': { type: 'string' }, library: { type: 'string' }, role: { type: 'string' },
      card: { type: 'string' }, name: { type: 'string' }, expires: { type: 'string' }, status: { type: 'string' },
      borrower: { type: 'string' }, lender: { type: 'string' }, patron: { type: 'string' }, barcode: { type: 'string' },
      title: { type: 'string' }, author: { type: 'string' }, 'call-number': { type: 'string' }, active: { type: 'string' },
      'name-zh': { type: 'string' }, 'name-en': { type: 'string' }, hours: { type: 'string' }, contact: { type: 'string' },
      'holder-id': { type: 'string' }, organisation: { type: 'string' }, host: { type: 'string' }, until: { type: 'string' },
      from: { type: 'string' }, limit: { type: 'string' }, reason: { type: 'string' }, 'retire-at': { type: 'string' },
    },
  });
  // --data-dir may name a desk's data dir (npm run start:web): its embedded service lives in DIR/service, URL in endpoint.json.
  const dataDir = await serviceDirOf(resolve(values['data-dir'] ?? process.env['DATA_DIR'] ?? './data'));
  const base = values['service-url'] ?? values.url ?? (await endpointUrl(dataDir)) ?? `http://127.0.0.1:${process.env['PORT'] ?? 8787}`;
  const token = await adminToken(dataDir);
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new Error(`The service does not answer at ${base}. Start it with \`npm run server\`.`);
    }
    const json = (await res.json()) as { error?: { code: string; message: string } };
    if (!res.ok) throw new Error(`${json.error?.code ?? res.status}: ${json.error?.message ?? ''}`);
    return json;
  };
  const need = (v: string | undefined, flag: string): string => {
    if (!v) throw new Error(`${command} needs ${flag}`);
    return v;
  };
  const print = (x: unknown) => console.log(JSON.stringify(x, null, 2));

  switch (command) {
    case 'libraries': {
      const { documents } = (await call('GET', '/admin/records/libraries')) as { documents: Array<{ id: string; isil: string; nameZh: string; nameEn: string; active: boolean }> };
      for (const l of documents) console.log(`${l.id.padEnd(8)} ${l.isil.padEnd(11)} ${l.active ? 'active  ' : 'inactive'} ${l.nameZh}  ${l.nameEn}`);
      console.log(`${documents.length} libraries`);
      return;
    }
    case 'library': {
      const code = need(positionals[0], '<CODE>');
      const { documents } = (await call('GET', '/admin/records/libraries')) as { documents: Array<Record<string, unknown>> };
      const current = documents.find((d) => d['id'] === code) ?? { isil: `TW-${code}`, nameZh: code, nameEn: code, region: '', active: true, hours: '', contact: '', courierWeekdays: [2, 4] };
      const { updatedAt: _u, ...rest } = current;
      const next = {
        ...rest,
        ...(values.active !== undefined ? { active: values.active === 'true' } : {}),
        ...(values['name-zh'] ? { nameZh: values['name-zh'] } : {}),
        ...(values['name-en'] ? { nameEn: values['name-en'] } : {}),
        ...(values.hours ? { hours: values.hours } : {}),
        ...(values.contact ? { contact: values.contact } : {}),
      };
      delete (next as Record<string, unknown>)['id'];
      return print(await call('PUT', `/admin/libraries/${code}`, next));
    }
    case 'policy': {
      const scope = need(positionals[0], '<consortium|CODE>');
      const fields: Record<string, unknown> = {};
      for (const kv of positionals.slice(1)) {
        const [k, v] = kv.split('=', 2);
        if (!k || v === undefined) throw new Error(`policy fields are key=value, not "${kv}"`);
        fields[k] = /^(closedWeekdays)$/.test(k) ? v.split(',').filter(Boolean).map(Number) : k === 'closedDates' ? v.split(',').filter(Boolean) : /^-?\d+$/.test(v) ? Number(v) : v;
      }
      return print(await call('PUT', `/admin/policies/${scope}`, fields));
    }
    case 'patron':
      return print(await call('PUT', `/admin/patrons/${need(positionals[0], '<ID>')}`, {
        homeLibraryId: need(values.library, '--library'), cardNumbers: [need(values.card, '--card')], name: need(values.name, '--name'),
        status: values.status ?? 'active', expiresOn: values.expires ?? '2099-12-31', blocks: [],
      }));
    case 'request':
      return print(await call('POST', '/admin/requests', {
        borrowerLibraryId: need(values.borrower, '--borrower'), lenderLibraryId: need(values.lender, '--lender'), patronId: need(values.patron, '--patron'),
        item: { barcode: need(values.barcode, '--barcode'), title: need(values.title, '--title'), author: values.author ?? '', callNumber: values['call-number'] ?? '', location: '', parts: 1 },
      }));
    case 'pair-code':
      return print(await call('POST', '/admin/pairing-codes', { libraryId: need(values.library, '--library'), role: values.role ?? 'staff' }));
    case 'devices':
      return print(await call('GET', '/admin/devices'));
    case 'revoke':
      return print(await call('POST', `/admin/devices/${need(positionals[0], '<DEVICE_ID>')}/revoke`));
    case 'stats':
      return print(await call('GET', '/admin/stats'));
    case 'records':
      return print(await call('GET', `/admin/records/${need(positionals[0], '<collection>')}`));
    case 'partner-card': {
      const limit = values.limit === undefined ? undefined : Number(values.limit);
      return print(await call('POST', '/admin/cards', {
        holderName: need(values.name, '--name'), holderId: need(values['holder-id'], '--holder-id'), organisation: need(values.organisation, '--organisation'),
        hostLibraryId: need(values.host, '--host'), validUntil: need(values.until, '--until'),
        ...(values.from ? { validFrom: values.from } : {}), ...(limit !== undefined ? { loanLimit: limit } : {}),
      }));
    }
    case 'card':
      return print(await call('GET', `/admin/cards/${need(positionals[0], '<CARD_ID>')}`));
    case 'card-revoke':
      return print(await call('POST', `/api/cards/${need(positionals[0], '<CARD_ID>')}/revoke`, { reason: need(values.reason, '--reason') }));
    case 'card-key-rotate':
      return print(await call('POST', '/admin/card-keys/rotate', values['retire-at'] ? { retireOldAt: values['retire-at'] } : {}));
    case 'card-stats':
      return print(await call('GET', '/admin/stats/cards'));
    case 'stats-rebuild':
      return print(await call('POST', '/admin/stats/rebuild'));
    case 'console-account':
      return print(await call('POST', '/admin/console/accounts', {
        username: need(positionals[0], '<USERNAME>'), displayName: values.name ?? positionals[0], role: values.role ?? 'office',
        ...(values.library ? { libraryId: values.library } : {}), password: need(process.env['CONSOLE_PASSWORD'], 'CONSOLE_PASSWORD in the environment'),
      }));
    case 'portal-password':
      return print(await call('POST', '/admin/portal/passwords', {
        patronId: need(positionals[0], '<PATRON_ID>'), password: need(process.env['PORTAL_PASSWORD'], 'PORTAL_PASSWORD in the environment'),
      }));
    default:
      throw new Error(`unknown command "${command}"\n\n${HELP}`);
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === 'help' || command === '--help') return void console.log(HELP);
  if (command === 'serve') return serve(rest);
  return admin(command, rest);
}

main().catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

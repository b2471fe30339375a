// The bridge's view of the library-system connector: settings saved per desk
// (mode 600, they hold the SIP2 passwords; written to a temporary file and
// renamed so a crash leaves the old or the new file), the desk's ops mapped
// onto the connector's, and health changes sent to the UI as 'ils.changed'.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '#main/durable/atomic-file';
import { join } from 'node:path';
import type { IlsHealth as BridgeIlsHealth, IlsOpView, IlsSettings, IlsSettingsView } from '#shared/bridge/ils';
import { BridgeFailure } from '#shared/bridge/errors';
import type { IlsService } from '../bridge/handlers';
import { DEFAULT_ILS_CONFIG, IlsConnector, parseIlsConfig, type IlsConfig, type IlsHealth, type IlsOp, type RedactedIlsConfig } from '../ils';

export const ILS_SETTINGS_FILE = 'ils-settings.json';

function toView(c: RedactedIlsConfig): IlsSettingsView {
  const { loginPassword: _p, terminalPassword: _t, hasPassword, hasTerminalPassword, ...rest } = c;
  return { ...rest, tls: { ...rest.tls }, operations: { ...rest.operations }, accounts: { ...rest.accounts }, hasLoginPassword: hasPassword, hasTerminalPassword };
}

function toBridgeHealth(h: IlsHealth): BridgeIlsHealth {
  return { state: h.state, since: h.since, lastError: h.lastError, queued: h.queued, refused: h.refused, stuck: h.stuck };
}

function toOpView(o: IlsOp): IlsOpView {
  return {
    key: o.key, kind: o.kind, itemId: o.itemId, state: o.state, screenMessage: o.screenMessage, attempts: o.attempts, updatedAt: o.updatedAt,
    problem: o.lastError?.message ?? null, ...(o.resolution ? { note: o.resolution.note } : {}),
  };
}

async function loadSaved(file: string): Promise<IlsConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return DEFAULT_ILS_CONFIG;
  }
  try {
    const parsed = parseIlsConfig(JSON.parse(text));
    if (parsed.ok) return parsed.value;
    console.warn(`[desk] ${file} ignored: ${parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  } catch {
    console.warn(`[desk] ${file} is not JSON; SIP2 stays off until it is saved again`);
  }
  return DEFAULT_ILS_CONFIG;
}

export async function openIlsService(opts: { dataDir: string; libraryId: () => string; onHealth(h: BridgeIlsHealth): void }): Promise<{ service: IlsService; close(): Promise<void> }> {
  const file = join(opts.dataDir, ILS_SETTINGS_FILE);
  let current = await loadSaved(file);
  const connector = await IlsConnector.open({
    dir: join(opts.dataDir, 'ils'),
    config: current,
    logger: (e) => (e.level === 'warn' ? console.warn(`[ils] ${e.message}`) : undefined),
  });
  const offHealth = connector.onHealth((h) => opts.onHealth(toBridgeHealth(h)));
  // Op changes without a health change (a refusal behind a busy queue) must reach the desk too.
  const offOps = connector.onChange(() => opts.onHealth(toBridgeHealth(connector.health())));

  const parse = (settings: IlsSettings): IlsConfig => {
    const parsed = parseIlsConfig(settings, { previous: current });
    if (!parsed.ok) throw new BridgeFailure('INVALID_INPUT', parsed.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    return parsed.value;
  };

  const service: IlsService = {
    settings: () => toView(connector.config()),
    async configure(settings) {
      const next = parse(settings);
      await writeFileAtomic(file, JSON.stringify(next, null, 2));
      current = next;
      await connector.setConfig(next);
      return toView(connector.config());
    },
    test: (settings) => connector.testConnection(settings ? parse(settings) : undefined),
    async enqueue(ops) {
      const results = await connector.enqueue(ops.map((o) => ({
        key: o.key, kind: o.kind, itemId: o.itemId, at: o.at, eventId: o.eventId, libraryId: opts.libraryId(),
        ...(o.borrowerLibraryId ? { borrowingLibraryCode: o.borrowerLibraryId } : {}),
        // The desk's due date goes with a checkout that reaches the system late (no-block), fees with their amount.
        ...(o.dueDate ? { dueDate: o.dueDate } : {}),
        ...(o.patronId ? { patronId: o.patronId } : {}),
        ...(o.amount ? { amount: o.amount } : {}),
        ...(o.currency ? { currency: o.currency } : {}),
      })));
      const count = (s: string) => results.filter((r) => r.status === s).length;
      return { accepted: count('queued'), duplicates: count('duplicate'), skipped: count('skipped') + count('invalid') };
    },
    ops: (states, limit) => connector.list({ ...(states ? { states: [...states] } : {}), ...(limit ? { limit } : {}) }).map(toOpView),
    ack: async (key) => (await connector.ack(key))?.state ?? null,
    retry: async (key) => (await connector.retry(key))?.state ?? null,
    resolve: async (key, outcome, note) => (await connector.resolve(key, outcome, note))?.state ?? null,
    async validatePatron(patronId, pin) {
      const r = await connector.validatePatron(patronId, pin);
      if (!r.reachable) return { reachable: false, code: r.reason, reason: r.message || r.reason, offlinePinRule: r.offlinePinRule };
      return { reachable: true, valid: r.valid, pinOk: r.pinOk, blocked: r.blocked, name: r.name, screenMessage: r.screenMessage };
    },
    health: () => toBridgeHealth(connector.health()),
  };
  return {
    service,
    async close() {
      offHealth();
      offOps();
      await connector.close();
    },
  };
}

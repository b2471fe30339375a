// What every screen needs, passed once through React context: the desk core,
// the device bridge (null when it is unreachable), the desk's settings, the
// language, names of libraries, printing, and the scan bus that sends
// scanner and RFID input to the screen in front.
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Bridge, DeskConfig as BridgeDeskConfig, RequestInput } from '#shared/bridge/contract';
import type { Desk } from '#desk-core/desk';
import type { SyncStatus } from '#desk-core/sync-monitor';
import type { Lang } from '#shared/domain/reasons';
import { effectivePolicy, type PolicyFields } from '#shared/domain/policy';
import { SEED_MEMBERS } from '#shared/domain/libraries';
import type { Slip } from '#shared/slips/model';
import { translate, type MsgKey, type Params } from './i18n';
import { deskHostConnection } from '../bridge';

export interface ScanInput {
  code: string;
  /** Where it came from: the keyboard field, a bridge scanner, or an RFID tag. */
  source: 'keyboard' | 'scanner' | 'rfid';
  /** The owning library read from an RFID tag, when it names one this consortium knows. */
  ownerLibraryId?: string | null;
}

export type ScanHandler = (input: ScanInput) => Promise<void> | void;

export interface DeskEnv {
  desk: Desk;
  bridge: Bridge | null;
  config: BridgeDeskConfig;
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MsgKey, params?: Params): string;
  /** "NPTU 屏東大學" / "NPTU National Pingtung University". */
  libName(id: string): string;
  policy(): PolicyFields;
  /** Submit a slip to the desk's printer; resolves to an error text, or null when queued. */
  print(key: string, slip: Slip): Promise<string | null>;
  scanBus: ScanBus;
  /** Per-screen state that survives switching tabs. */
  session: Map<string, unknown>;
}

export class ScanBus {
  private handler: ScanHandler | null = null;
  private focusers = new Set<() => void>();

  set(handler: ScanHandler | null): void {
    this.handler = handler;
  }

  async deliver(input: ScanInput): Promise<void> {
    await this.handler?.(input);
  }

  onFocusRequest(f: () => void): () => void {
    this.focusers.add(f);
    return () => this.focusers.delete(f);
  }

  /** Put the cursor back in the scan field (after every action). */
  focusScan(): void {
    for (const f of this.focusers) f();
  }
}

export const DeskContext = createContext<DeskEnv | null>(null);

export function useDeskEnv(): DeskEnv {
  const env = useContext(DeskContext);
  if (!env) throw new Error('useDeskEnv outside DeskContext');
  return env;
}

/** Re-renders when the optimistic view changes; returns its version. */
export function useViewVersion(desk: Desk): number {
  const subscribe = useCallback((cb: () => void) => desk.view.subscribe(cb), [desk]);
  return useSyncExternalStore(subscribe, () => desk.view.version);
}

export function useSyncStatus(desk: Desk): SyncStatus {
  const [status, setStatus] = useState<SyncStatus>(() => desk.status());
  useEffect(() => desk.onStatus(setStatus), [desk]);
  return status;
}

/** The wall clock, ticking every `ms` (render code must not call Date.now()). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Like useState, but the value survives the screen being unmounted (tab switches). */
export function useSession<T>(key: string, initial: T): [T, (next: T | ((prev: T) => T)) => void] {
  const { session } = useDeskEnv();
  const [value, setValue] = useState<T>(() => (session.has(key) ? (session.get(key) as T) : initial));
  useEffect(() => {
    session.set(key, value);
  }, [session, key, value]);
  return [value, setValue];
}

/** The screen in front takes scanner and RFID input; the latest handler is always the one called. */
export function useScanHandler(handler: ScanHandler): void {
  const { scanBus } = useDeskEnv();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    scanBus.set((input) => ref.current(input));
    return () => scanBus.set(null);
  }, [scanBus]);
}

export function makeEnv(parts: { desk: Desk; bridge: Bridge | null; config: BridgeDeskConfig; lang: Lang; setLang(l: Lang): void; scanBus: ScanBus; session: Map<string, unknown> }): DeskEnv {
  const { desk, bridge, lang } = parts;
  return {
    ...parts,
    t: (key, params) => translate(lang, key, params),
    libName(id: string): string {
      const rec = desk.view.reader.get('libraries', id);
      const seed = SEED_MEMBERS.find((m) => m.code === id);
      const zh = rec?.nameZh || seed?.nameZh || '';
      const en = rec?.nameEn || seed?.nameEn || '';
      const name = lang === 'zh-TW' ? zh || en : en || zh;
      return name ? `${id} ${name}` : id;
    },
    policy: () => effectivePolicy(desk.config.libraryId, desk.view.reader.policies()),
    async print(key: string, slip: Slip): Promise<string | null> {
      // Every failure is also reported to the header (printFailures), so it never passes unseen.
      const failed = (message: string) => {
        printFailures.report(message);
        return translate(lang, 'printFailed', { message });
      };
      if (!bridge) return failed(translate(lang, 'printUnavailable'));
      // A call on a dropped bridge would wait for a reconnect that may never come: fail at once instead.
      const host = deskHostConnection();
      if (host && host.state !== 'open') return failed(translate(lang, 'printNoHost'));
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const safeKey = key.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 128);
        // The contract's input type is the mutable twin of Slip (src/shared/bridge/slip.ts checks both ways).
        const sent = bridge['print.submit']({ key: safeKey, slip: slip as unknown as RequestInput<'print.submit'>['slip'] });
        const late = new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(translate(lang, 'printTimeout'))), PRINT_TIMEOUT_MS)));
        await Promise.race([sent, late]);
        printFailures.clear();
        return null;
      } catch (error) {
        return failed(error instanceof Error ? error.message : String(error));
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** How long a slip may take to be accepted by the desk host's print queue. */
const PRINT_TIMEOUT_MS = 8_000;

/** The last print that failed, for the header; listeners re-render it. */
export const printFailures = {
  last: null as { message: string; at: number } | null,
  listeners: new Set<() => void>(),
  report(message: string): void {
    this.last = { message, at: Date.now() };
    for (const l of this.listeners) l();
  },
  clear(): void {
    if (this.last === null) return;
    this.last = null;
    for (const l of this.listeners) l();
  },
  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  },
};

let printSeq = 0;
/** A print key for a slip printed on request (a reprint must print again, so every click is new). */
export function freshPrintKey(prefix: string): string {
  printSeq++;
  return `${prefix}-${Date.now().toString(36)}-${printSeq}`;
}

// A desk in its own Node process, driven over IPC by a test. The free RxDB
// opens 13 collections per JS realm and a staff desk uses 10, so every desk in
// a multi-desk test runs in a process of its own — as real desks do.
import { reviewQueue, type PlaceInput } from '#desk-core/title-requests';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { Desk, type DeskConfig } from '#desk-core/desk';
import * as q from '#desk-core/queries';
import type { IlsPort } from '#desk-core/ils-sync';
import type { IlsService } from '#main/bridge/handlers';
import type { IlsSettings } from '#shared/bridge/ils';
import { openIlsService } from '#main/desk-runtime/ils-service';
import { serveMethods } from './serve-methods';
import { dispatchScan, receiveCode } from '#desk-core/short-codes';

/** With `ils`, the process also runs what the main process runs for this desk: the SIP2 connector. */
interface Init { config: DeskConfig; storage: 'memory' | 'fake-indexeddb'; retryTimeMs?: number; ils?: { dataDir: string; settings: IlsSettings } }

let desk: Desk | null = null;
let init: Init | null = null;
let ils: { service: IlsService; close(): Promise<void> } | null = null;
const ilsListeners = new Set<() => void>();

/** The same mapping the renderer's bridge port does (src/renderer/bridge/ils-port.ts), minus the wire. */
function ilsPort(service: IlsService): IlsPort {
  return {
    enqueue: async (ops) => void (await service.enqueue(ops)),
    refusals: async () => service.ops(['refused'], 1000).flatMap((o) => (o.kind === 'fee' ? [] : [{ key: o.key, kind: o.kind, itemId: o.itemId, screenMessage: o.screenMessage }])),
    ack: async (key) => void (await service.ack(key)),
    onChange(l) {
      ilsListeners.add(l);
      return () => ilsListeners.delete(l);
    },
    validatePatron: (patronId, pin) => service.validatePatron(patronId, pin),
  };
}

async function openDesk(): Promise<Desk> {
  const i = init!;
  let storage;
  if (i.storage === 'memory') storage = getRxStorageMemory();
  else {
    const { indexedDB, IDBKeyRange } = await import('fake-indexeddb');
    storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
  }
  if (i.ils && !ils) {
    ils = await openIlsService({ dataDir: i.ils.dataDir, libraryId: () => i.config.libraryId, onHealth: () => ilsListeners.forEach((l) => l()) });
    await ils.service.configure(i.ils.settings);
  }
  return Desk.open({ config: i.config, storage: storage as never, retryTimeMs: i.retryTimeMs ?? 300, ...(ils ? { ils: ilsPort(ils.service) } : {}) });
}

const methods: Record<string, (...args: never[]) => unknown> = {
  async open(i: Init) {
    init = i;
    desk = await openDesk();
    return true;
  },
  /** Close and open again on the same storage, as after a crash or a restart of the app. */
  async reopen() {
    await desk?.close();
    desk = await openDesk();
    return true;
  },
  packScan: (code: string) => desk!.workflows.packScan(code),
  seal: (parcelId: string) => desk!.workflows.seal(parcelId),
  dispatch: (parcelId: string, courier: string, tracking: string) => desk!.workflows.dispatch(parcelId, courier, tracking),
  receiveScan: (code: string, parcelId: string | null) => desk!.workflows.receiveScan(code, parcelId),
  receiveMany: (codes: string[], parcelId: string | null) => desk!.workflows.receiveMany(codes, parcelId),
  closeParcel: (parcelId: string) => desk!.workflows.closeParcel(parcelId),
  checkoutScan: (patronId: string, item: string) => desk!.workflows.checkoutScan(patronId, item),
  returnItem: (code: string) => desk!.workflows.returnItem(code),
  expireHold: (holdId: string) => desk!.workflows.expireHold(holdId),
  pullSlipsPrinted: (ids: string[]) => desk!.workflows.pullSlipsPrinted(ids),
  cannotSupply: (id: string, reason: string) => desk!.workflows.cannotSupply(id, reason),
  placeTitleRequest: (input: PlaceInput) => desk!.titles.place(input),
  reviewRequest: (id: string, decision: 'approve' | 'reject', reason: string, edition?: string) => desk!.titles.review(id, decision, reason, edition),
  reviewQueue: () => reviewQueue(desk!.view.reader, desk!.config.libraryId),
  searchCatalogue: (q: string) => desk!.searchCatalogue(q),
  findPatron: (card: string) => desk!.workflows.findPatron(card),
  visitorCheckout: (cardText: string, item: string) => desk!.workflows.visitorCheckout(cardText, item),
  fairScan: (code: string) => desk!.fairs.scan(code),
  dispatchScan: (code: string) => dispatchScan(desk!, code),
  receiveCode: (code: string) => receiveCode(desk!, code),
  activeLoansOf: (patronId: string) => desk!.view.reader.activeLoansOf(patronId),
  async checkAtHome(card: string) {
    const patron = desk!.view.reader.patronByCard(card);
    return patron ? desk!.workflows.checkAtHome(patron, card) : null;
  },
  status: () => desk!.status(),
  pendingCount: () => desk!.view.pending().length,
  /** This desk's events (any status) about these holds. */
  eventsAboutHolds: (holdIds: string[]) => [...desk!.view.events.values()].filter((e) => holdIds.includes(String((e.payload as { holdId?: unknown }).holdId))).length,
  awaitConverged: (ms?: number) => desk!.awaitConverged(ms),
  repair: () => desk!.repair(),
  record: (collection: string, id: string) => desk!.view.reader.get(collection as never, id) ?? null,
  pickList: () => q.pickList(desk!.view.reader, desk!.config.libraryId),
  outgoingParcels: () => q.outgoingParcels(desk!.view.reader, desk!.config.libraryId),
  expectedParcels: () => q.expectedParcels(desk!.view.reader, desk!.config.libraryId),
  holdShelf: (now: number) => q.holdShelf(desk!.view.reader, desk!.config.libraryId, q.todayAtDesk(desk!.view.reader, desk!.config.libraryId, now)),
  needsAttention: () => q.needsAttention(desk!.view.reader, desk!.config.libraryId, desk!.config.deviceId),
  ilsIdle: () => desk!.ilsIdle(),
  ilsOps: () => ils?.service.ops(undefined, 1000) ?? [],
  ilsHealth: () => ils?.service.health() ?? null,
  resolveException: (id: string) => desk!.workflows.resolveException(id),
  async close() {
    await desk?.close();
    desk = null;
    await ils?.close();
    ils = null;
    return true;
  },
};

serveMethods(methods);

// A desk always ends with the service's copy of its own events (issue 14):
// - the lost push answer: the service commits a push, the answer never reaches
//   the desk, the applied copy arrives by pull first, then the push is retried;
// - repair: an action confirmed while repair() runs lands in the new database
//   and reaches the service once, and an event the service already has is not
//   put back and sent again.
// In-process desks on the memory storage; a scripted fetch plays the network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Desk } from '#desk-core/desk';
import { collectionPullPath, SYNC_PATHS, type PushRow } from '#shared/sync/protocol';
import type { EventDoc } from '#shared/domain/events';
import { startTestService } from '#test/support/service';
import { AdminClient, type DeskClient } from '#test/support/client';
import { until } from '#test/support/until';

/**
 * The desk's network: drops the answer of the next push after the service has
 * committed it, holds later pushes until the applied copy came back by pull,
 * counts pushes per event id, and can keep the live stream away (so copies
 * arrive by pull only).
 */
class ScriptedNet {
  dropNextPushAnswer = false;
  noStream = false;
  readonly pushes = new Map<string, number>();
  private held: Promise<void> | null = null;
  private release: (() => void) | null = null;
  private waitingFor: string | null = null;

  readonly fetch: typeof fetch = async (input, init) => {
    const url = String(input);
    if (this.noStream && url.includes(SYNC_PATHS.stream)) return new Response('{}', { status: 503 });
    if (url.endsWith(SYNC_PATHS.eventsPush)) {
      if (this.held) await this.held;
      const rows = JSON.parse(String(init?.body)) as PushRow<{ id: string }>[];
      for (const r of rows) this.pushes.set(r.newDocumentState.id, (this.pushes.get(r.newDocumentState.id) ?? 0) + 1);
      const res = await fetch(input, init);
      if (this.dropNextPushAnswer) {
        this.dropNextPushAnswer = false;
        await res.text();
        // Committed at the service; the desk sees a dropped connection, and its retries wait for the pull.
        this.waitingFor = rows[0]!.newDocumentState.id;
        this.held = new Promise<void>((r) => (this.release = r));
        throw new TypeError('fetch failed: the connection dropped before the answer');
      }
      return res;
    }
    const res = await fetch(input, init);
    if (this.waitingFor && url.includes(collectionPullPath('events'))) {
      const docs = ((await res.clone().json()) as { documents: EventDoc[] }).documents;
      if (docs.some((d) => d.id === this.waitingFor && d.status === 'applied')) {
        this.waitingFor = null;
        // Let RxDB take the pulled copy in before the retry goes out.
        setTimeout(() => this.release?.(), 300);
      }
    }
    return res;
  };

  /** The held push was let go: the applied copy had come back by pull first. */
  get released(): boolean {
    return this.waitingFor === null && this.held !== null;
  }
}

describe('a desk converges to the service’s copy of its own events', () => {
  let svc: Awaited<ReturnType<typeof startTestService>>;
  let admin: AdminClient;
  const requestIds: string[] = [];

  beforeAll(async () => {
    svc = await startTestService('pglite', { rateLimitPerMinute: 100_000 });
    admin = new AdminClient(svc.url, svc.adminToken);
    await admin.patron('p-cv', 'NPTU', '21020000666660');
    for (let i = 0; i < 6; i++) requestIds.push((await admin.request('NPTU', 'NKUST', 'p-cv', `3106${String(i).padStart(9, '0')}0`)).id);
  }, 60_000);
  afterAll(async () => svc?.dispose());

  const deskOptions = (device: DeskClient, net: ScriptedNet) => ({
    config: { serviceUrl: svc.url, deviceToken: device.token, deviceId: device.deviceId, libraryId: 'NKUST', role: 'staff' as const },
    // The memory storage keeps a database by name for the life of the process: a reopen finds it again.
    storage: getRxStorageMemory() as never, name: `cv${device.deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`, fetch: net.fetch, retryTimeMs: 200,
  });

  async function openDesk(device: DeskClient, net: ScriptedNet): Promise<Desk> {
    const desk = await Desk.open(deskOptions(device, net));
    await desk.awaitConverged();
    return desk;
  }

  async function atService(id: string): Promise<Array<{ id: string; status: string }>> {
    return (await admin.records<{ id: string; status: string }>('events')).documents.filter((e) => e.id === id);
  }

  it('lost push answer, applied copy pulled first, push retried: the service’s copy and nothing pending', async () => {
    const device = await admin.pairDesk('NKUST');
    const net = new ScriptedNet();
    net.noStream = true;
    let desk = await openDesk(device, net);
    try {
      net.dropNextPushAnswer = true;
      const r = await desk.workflows.pullSlipsPrinted([requestIds[0]!]);
      expect(r.ok).toBe(true);
      const id = r.ok ? r.eventIds[0]! : '';
      await until('applied at the service', async () => (await atService(id))[0]?.status === 'applied');
      // The desk restarts (as in the chaos runs): its pull brings the applied copy while the retried push waits.
      await desk.close();
      desk = await Desk.open({ ...deskOptions(device, net) });
      await desk.awaitConverged(20_000);
      expect(net.released).toBe(true);
      expect(desk.view.pendingCount).toBe(0);
      expect(desk.view.events.get(id)?.status).toBe('applied');
      expect(desk.view.reader.get('requests', requestIds[0]!)?.lenderState).toBe('pull_slip_printed');
      expect(await atService(id)).toHaveLength(1);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('repair: an action confirmed meanwhile reaches the service once; an event the service has is not sent again', async () => {
    const device = await admin.pairDesk('NKUST');
    const net = new ScriptedNet();
    const desk = await openDesk(device, net);
    try {
      // An event the service applied whose answer was lost: pending on the desk, known at the service.
      net.noStream = true;
      net.dropNextPushAnswer = true;
      const lost = await desk.workflows.pullSlipsPrinted([requestIds[1]!]);
      const lostId = lost.ok ? lost.eventIds[0]! : '';
      await until('applied at the service', async () => (await atService(lostId))[0]?.status === 'applied');
      expect(desk.view.pendingCount).toBe(1);
      net.pushes.clear();

      // Repair, and an action while it runs.
      const repairing = desk.repair();
      const during = await desk.workflows.pullSlipsPrinted([requestIds[2]!]);
      expect(during.ok).toBe(true);
      const duringId = during.ok ? during.eventIds[0]! : '';
      expect((await repairing).keptEvents).toBe(1);
      net.noStream = false;
      await desk.awaitConverged(20_000);

      expect((await atService(duringId)).map((e) => e.status)).toEqual(['applied']);
      expect(net.pushes.get(duringId)).toBe(1);
      expect(net.pushes.get(lostId) ?? 0).toBe(0);
      expect(desk.view.pendingCount).toBe(0);
      expect(desk.view.reader.get('requests', requestIds[2]!)?.lenderState).toBe('pull_slip_printed');
    } finally {
      await desk.close();
    }
  }, 60_000);
});

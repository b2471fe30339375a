// One visitor card at two desks of the host library during an outage. Each
// desk enforces the card's limit from what it knows, so together they can
// pass it; once both are back the service has every loan (the books have left
// the building), raises CARD_OVER_LIMIT for the library's staff, and each desk
// now counts all of the card's loans against one limit. A revocation that has
// replicated is refused offline.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '#server/service';
import type { LoanRecord } from '#shared/domain/records';
import type { ActionResult } from '#desk-core/workflows';
import type { Attention } from '#desk-core/queries';
import { AdminClient, http, type DeskClient } from '#test/support/client';
import { LinkProxy } from '#test/support/link-proxy';
import { RemoteDesk } from '#test/support/remote-desk';
import { ok, until } from '#test/support/until';

interface Issued { card: { id: string }; cardText: string }

describe('a visitor card at two desks of the host library through an outage', () => {
  let dir: string;
  let svc: RunningService;
  let admin: AdminClient;
  let nptu: DeskClient;
  const links: LinkProxy[] = [];
  const desks: RemoteDesk[] = [];
  let issued: Issued;
  const adminToken = 'rda_visitor_two_desks_admin_token_0000';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relay-visitor-'));
    svc = await startService({ port: 0, dataDir: join(dir, 'service'), adminToken, inMemory: true, rateLimitPerMinute: 100_000 });
    admin = new AdminClient(svc.url, adminToken);
    await admin.patron('p-visit', 'NPTU', '21020000777770', { name: '黃怡君' });
    nptu = await admin.pairDesk('NPTU');
    const res = await http<Issued>(svc.url, 'POST', '/api/cards', { token: nptu.token, body: { patronId: 'p-visit', hostLibraryId: 'NKUST', loanLimit: 3 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    issued = res.body;
    for (let i = 0; i < 2; i++) {
      const link = await LinkProxy.start(svc.port);
      links.push(link);
      const d = await admin.pairDesk('NKUST', 'staff', `NKUST desk ${i + 1}`);
      desks.push(await RemoteDesk.start({ serviceUrl: link.url, deviceToken: d.token, deviceId: d.deviceId, libraryId: 'NKUST', role: 'staff' }, 'memory'));
    }
    for (const d of desks) {
      await d.call('awaitConverged', 30_000);
      await until('the card at the desk', async () => (await d.call('record', 'cards', issued.card.id)) !== null);
    }
  }, 90_000);

  afterAll(async () => {
    for (const d of desks) await d.stop();
    for (const l of links) await l.close();
    await svc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const lend = (d: RemoteDesk, item: string) => d.call<ActionResult | { ok: false; cardCode: string }>('visitorCheckout', issued.cardText, item);

  it('each desk lends within the limit as it knows it; after sync one limit counts every loan', async () => {
    for (const l of links) l.down();
    // Limit 3: each desk sees only its own loans, so each lends three.
    for (const [i, d] of desks.entries()) {
      for (const n of [1, 2, 3]) expect(ok(await lend(d, `3130200000${i}${n}00`) as ActionResult)).toMatchObject({ kind: 'loan' });
    }
    // 3 of 3 on each desk as far as it knows: the next is refused on both, offline.
    for (const d of desks) expect(await lend(d, '31302000009999')).toMatchObject({ ok: false, reason: 'LOAN_LIMIT_REACHED', params: { count: 3, limit: 3 } });

    for (const l of links) l.up();
    for (const d of desks) await d.call('awaitConverged', 30_000);
    for (const d of desks) {
      const loans = await until('all six loans at the desk', async () => {
        const l = await d.call<LoanRecord[]>('activeLoansOf', issued.card.id);
        return l.length === 6 ? l : null;
      });
      expect(loans.every((l) => l.libraryId === 'NKUST' && l.requestId === null)).toBe(true);
      expect(await lend(d, '31302000008888')).toMatchObject({ ok: false, reason: 'LOAN_LIMIT_REACHED', params: { count: 6, limit: 3 } });
    }
    // The service kept every loan and told the library's staff.
    const onService = (await admin.records<LoanRecord>('loans')).documents.filter((l) => l.patronId === issued.card.id && l.state === 'active');
    expect(onService).toHaveLength(6);
    const flagged = (await admin.records<{ reason: string; libraryId: string }>('exceptions')).documents.filter((e) => e.reason === 'CARD_OVER_LIMIT');
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((e) => e.libraryId === 'NKUST')).toBe(true);
    for (const d of desks) {
      await until('the over-limit exception in needs attention', async () => (await d.call<Attention[]>('needsAttention')).some((a) => a.kind === 'exception' && a.exception.reason === 'CARD_OVER_LIMIT'));
    }
  }, 90_000);

  it('a revocation that reached the desk is refused offline', async () => {
    const res = await http(svc.url, 'POST', `/api/cards/${issued.card.id}/revoke`, { token: nptu.token, body: { reason: '讀者遺失手機' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = desks[0]!;
    await until('the revocation at the desk', async () => ((await d.call<{ revokedAt: string | null } | null>('record', 'cards', issued.card.id))?.revokedAt ?? null) !== null);
    links[0]!.down();
    expect(await lend(d, '31302000007777')).toMatchObject({ ok: false, cardCode: 'REVOKED' });
    links[0]!.up();
  }, 60_000);
});

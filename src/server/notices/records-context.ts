// The records a batch of notices needs, read from the service's record store
// in a few bulk queries: requests, holds and loans by id, and every library's
// name and policy (a small, fixed set).
import type { Sql } from '#server/db/database';
import type { HoldRecord, LoanRecord } from '#shared/domain/circulation/records';
import type { LibraryRecord, PolicyRecord } from '#shared/domain/libraries/records';
import type { RequestRecord } from '#shared/domain/requests/records';
import { effectivePolicy, type PolicyFields } from '#shared/domain/policy';
import type { DeriveContext } from './derive';

async function byIds<T extends { id: string }>(tx: Sql, collection: string, ids: readonly string[]): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.query<{ data: T }>('select data from records where collection = $1 and id = any($2::text[]) and not deleted', [collection, ids]);
  return new Map(rows.map((r) => [r.data.id, r.data]));
}

export interface LibraryDirectory {
  libraryName(id: string, language?: 'zh-TW' | 'en'): string;
  policy(libraryId: string): PolicyFields;
}

export async function loadDirectory(tx: Sql): Promise<LibraryDirectory> {
  const { rows: libs } = await tx.query<{ data: LibraryRecord }>(`select data from records where collection = 'libraries' and not deleted`);
  const { rows: pols } = await tx.query<{ data: PolicyRecord }>(`select data from records where collection = 'policies' and not deleted`);
  const names = new Map(libs.map((r) => [r.data.id, r.data]));
  const policies = pols.map((r) => r.data);
  const cache = new Map<string, PolicyFields>();
  return {
    libraryName: (id, language = 'zh-TW') => {
      const l = names.get(id);
      if (!l) return id;
      return (language === 'en' ? l.nameEn || l.nameZh : l.nameZh || l.nameEn) || id;
    },
    policy: (libraryId) => {
      let p = cache.get(libraryId);
      if (!p) cache.set(libraryId, (p = effectivePolicy(libraryId, policies)));
      return p;
    },
  };
}

export async function loadDeriveContext(tx: Sql, ids: { requests: string[]; holds: string[]; loans: string[] }): Promise<DeriveContext> {
  const holds = await byIds<HoldRecord>(tx, 'holds', ids.holds);
  // A hold's request is needed to read the receiving event's history entry.
  const requestIds = new Set([...ids.requests, ...[...holds.values()].map((h) => h.requestId)]);
  const requests = await byIds<RequestRecord>(tx, 'requests', [...requestIds]);
  const loans = await byIds<LoanRecord>(tx, 'loans', ids.loans);
  const dir = await loadDirectory(tx);
  return {
    request: (id) => requests.get(id),
    hold: (id) => holds.get(id),
    loan: (id) => loans.get(id),
    // Names are chosen again at send time in the patron's language; zh-TW is what is kept.
    libraryName: (id) => dir.libraryName(id),
    policy: (id) => dir.policy(id),
  };
}

// A library system's refusal becomes an exception on the desk that sent the
// transaction; staff close it with exception.resolved, and only there.
import { describe, expect, it } from 'vitest';
import { describeReason } from '#shared/domain/reasons';
import { reduce } from '#shared/domain/reducer';
import { BORROWER, ev, freezeAll, LENDER, refused, step, world } from '../fixtures';

describe('ils.refused', () => {
  it('writes an unresolved exception carrying the system\'s screen message, in both languages', () => {
    const s = freezeAll(world());
    const e = ev('ils.refused', { operation: 'checkout', itemBarcode: '31021005000046', screenMessage: 'Item is on hold for another patron', opKey: 'k1' }, LENDER);
    const res = reduce(s, e);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.writes).toHaveLength(1);
    const doc = res.writes[0]!.doc as unknown as Record<string, unknown>;
    expect(doc).toMatchObject({ id: e.id, deviceId: e.deviceId, libraryId: LENDER, eventType: 'ils.refused', reason: 'ILS_REFUSED', resolved: false, createdAt: e.at });
    expect(doc['message']).toBe('The library system refused to check out item 31021005000046: "Item is on hold for another patron"');
    const zh = describeReason('ILS_REFUSED', doc['params'] as Record<string, string>, 'zh-TW');
    expect(zh.message).toBe('本館系統拒絕借出圖書 31021005000046：「Item is on hold for another patron」');
  });

  it('says so when the system gave no message', () => {
    const s = freezeAll(world());
    const { writes } = step(s, 'ils.refused', { operation: 'checkin', itemBarcode: 'X1', screenMessage: '', opKey: 'k2' }, LENDER);
    expect((writes[0]!.doc as unknown as { message: string }).message).toContain('check in item X1: "—"');
  });
});

describe('exception.resolved', () => {
  it('marks the desk\'s own exception resolved, once; a second time changes nothing', () => {
    const s = freezeAll(world());
    const raised = ev('ils.refused', { operation: 'checkout', itemBarcode: 'B1', screenMessage: 'no', opKey: 'k3' }, LENDER);
    const r1 = reduce(s, raised);
    if (!r1.ok) throw new Error('refused');
    for (const w of r1.writes) s.put(w);
    const { writes } = step(s, 'exception.resolved', { exceptionId: raised.id, note: '已人工處理' }, LENDER);
    expect(writes[0]!.doc).toMatchObject({ id: raised.id, resolved: true });
    expect(step(s, 'exception.resolved', { exceptionId: raised.id, note: '' }, LENDER).writes).toEqual([]);
  });

  it('refuses an unknown exception and another library\'s', () => {
    const s = freezeAll(world());
    const raised = ev('ils.refused', { operation: 'checkout', itemBarcode: 'B2', screenMessage: 'no', opKey: 'k4' }, LENDER);
    const r1 = reduce(s, raised);
    if (!r1.ok) throw new Error('refused');
    for (const w of r1.writes) s.put(w);
    expect(refused(s, 'exception.resolved', { exceptionId: 'nope', note: '' }, LENDER, 'UNKNOWN_EXCEPTION')).toEqual({ exceptionId: 'nope' });
    expect(refused(s, 'exception.resolved', { exceptionId: raised.id, note: '' }, BORROWER, 'UNKNOWN_EXCEPTION')).toEqual({ exceptionId: raised.id }); // issue 14: another library's is unknown
  });
});

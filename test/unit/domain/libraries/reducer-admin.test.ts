// The administrative events: library directory, policy records, patrons.
import { describe, expect, it } from 'vitest';
import { reduce } from '#shared/domain/reducer';
import { effectivePolicy } from '#shared/domain/policy';
import { BORROWER, ev, freezeAll, library, LENDER, MON, patron, refused, step, world } from '../fixtures';

const { updatedAt: _u, ...sleepy } = library('ZZZ', { active: false });
const { updatedAt: _u2, loanCount: _l, finesOwed: _f, ...newPatron } = patron('p-new', BORROWER, '2001000099999');

describe('library.upserted', () => {
  it('writes the library with updatedAt = event time', () => {
    const s = freezeAll(world());
    const res = reduce(s, ev('library.upserted', { library: sleepy }, 'ADMIN'));
    expect(res).toMatchObject({ ok: true, writes: [{ collection: 'libraries', doc: { ...sleepy } }] });
  });
});

describe('policy.set', () => {
  it('merges fields into the consortium record and into a library override', () => {
    const s = freezeAll(world({ policy: { loanDays: 21 } }));
    step(s, 'policy.set', { libraryId: null, fields: { finePerDay: 10 } }, 'ADMIN');
    expect(s.get('policies', 'consortium')!.fields).toEqual({ loanDays: 21, finePerDay: 10 });
    step(s, 'policy.set', { libraryId: BORROWER, fields: { loanLimit: 3 } }, 'ADMIN');
    expect(effectivePolicy(BORROWER, s.policies())).toMatchObject({ loanDays: 21, finePerDay: 10, loanLimit: 3 });
    expect(effectivePolicy(LENDER, s.policies())).toMatchObject({ loanLimit: 6 });
    expect(refused(s, 'policy.set', { libraryId: 'NOPE', fields: {} }, 'ADMIN', 'UNKNOWN_LIBRARY')).toEqual({ libraryId: 'NOPE' });
  });
});

describe('patron.upserted', () => {
  it('a desk adds its own patron; counters start at zero and survive an update', () => {
    const s = freezeAll(world());
    step(s, 'patron.upserted', { patron: newPatron }, BORROWER);
    expect(s.get('patrons', 'p-new')).toMatchObject({ loanCount: 0, finesOwed: 0, status: 'active' });
    s.put({ collection: 'patrons', doc: { ...s.get('patrons', 'p-new')!, loanCount: 2, finesOwed: 40 } });
    freezeAll(s);
    step(s, 'patron.upserted', { patron: { ...newPatron, name: 'Renamed', status: 'barred' } }, BORROWER, MON);
    expect(s.get('patrons', 'p-new')).toMatchObject({ name: 'Renamed', status: 'barred', loanCount: 2, finesOwed: 40 });
  });

  it('refuses another library\'s patron (except for the administrator) and a move between libraries', () => {
    const s = world();
    expect(refused(s, 'patron.upserted', { patron: newPatron }, LENDER, 'PATRON_NOT_OF_LIBRARY')).toEqual({ libraryId: LENDER });
    refused(s, 'patron.upserted', { patron: { ...newPatron, homeLibraryId: 'NOPE' } }, 'NOPE', 'UNKNOWN_LIBRARY');
    const admin = { ...ev('patron.upserted', { patron: newPatron }, 'ADMIN'), deviceId: 'admin' };
    expect(reduce(s, admin).ok).toBe(true);
    refused(s, 'patron.upserted', { patron: { ...newPatron, id: 'p-1', homeLibraryId: LENDER } }, LENDER, 'PATRON_NOT_OF_LIBRARY');
  });
});

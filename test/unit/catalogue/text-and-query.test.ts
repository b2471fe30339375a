import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold } from '#shared/catalogue/fold';
import { callNumberTokens, recordTerms, textTokens } from '#shared/catalogue/tokens';
import { parseQuery, splitClauses, type QueryPlan } from '#shared/catalogue/query';
import { isbn10CheckDigit, toIsbn13 } from '#shared/catalogue/isbn';

/** Whether a record with these terms matches the plan, as the index's @> and && do. */
const matches = (terms: string[], plan: QueryPlan) => plan.all.every((t) => terms.includes(t)) && plan.anyOf.every((g) => g.some((t) => terms.includes(t)));
const plan = (q: string, field?: Parameters<typeof parseQuery>[1]) => {
  const p = parseQuery(q, field);
  if (!p.ok) throw new Error(p.message);
  return p.plan;
};

describe('folding and tokens', () => {
  it('folds Traditional and Simplified, full-width forms, case and accents to one key', () => {
    expect(fold('統計學：觀念與應用')).toBe(fold('统计学:观念与应用'));
    expect(fold('臺灣')).toBe(fold('台湾'));
    expect(fold('ＡＢＣ　Café')).toBe('abc cafe');
  });

  it('makes bigrams of Han runs and words of Latin text, without stop words', () => {
    expect(textTokens('統計學：觀念與應用')).toEqual(['统计', '计学', '观念', '念与', '与应', '应用']);
    expect(textTokens('The Art of Computer Programming')).toEqual(['art', 'computer', 'programming']);
    expect(textTokens('書')).toEqual(['书']);
    expect(textTokens('C++程式設計 2版')).toEqual(['c', '程式', '式设', '设计', '2', '版']);
  });

  it('keeps call numbers whole, with the integer part of a class number', () => {
    expect(callNumberTokens('510.8 8345 v.2')).toEqual(['510.8', '510', '8345', 'v.2', 'v']);
    expect(callNumberTokens('QA276 .S65 2010')).toEqual(['qa276', 's65', '2010']);
  });
});

describe('the query grammar', () => {
  const record = recordTerms({ t: ['統計學：觀念與應用'], a: ['王小明'], s: ['Statistics'], i: ['957-32-6785-1'], c: ['510 8345'] });

  it('finds a title from any part, in either script, with full-width punctuation', () => {
    for (const q of ['統計學', '统计学', '統計學：觀念', '"觀念與應用"', 'ti:统计', '應用 統計']) expect(matches(record, plan(q)), q).toBe(true);
    expect(matches(record, plan('統計學', 'author'))).toBe(false);
    expect(matches(record, plan('量子'))).toBe(false);
  });

  it('reads qualifiers only where they are known, so colons in titles are text', () => {
    expect(splitClauses('au:王小明 su:"time series" C++:primer', 'any')).toEqual([
      { field: 'author', text: '王小明' }, { field: 'subject', text: 'time series' }, { field: 'any', text: 'C++:primer' }]);
    expect(splitClauses('ＴＩ：統計', 'any')).toEqual([{ field: 'title', text: '統計' }]);
    expect(splitClauses('"unterminated quote', 'title')).toEqual([{ field: 'title', text: 'unterminated quote' }]);
  });

  it('finds the ISBN-13 record from its ISBN-10 in the isbn field and in any', () => {
    const ten = `957326785${isbn10CheckDigit('957326785')}`;
    const isbnRecord = recordTerms({ i: [toIsbn13(ten)!] });
    for (const [q, field] of [[ten, 'isbn'], [`957-32-6785-${ten[9]}`, 'isbn'], [ten, 'any'], [toIsbn13(ten)!, 'any']] as const) expect(matches(isbnRecord, plan(q, field)), q).toBe(true);
    // An ISBN with a wrong check digit is searched as written, and does not find the valid one.
    expect(matches(isbnRecord, plan(`957326785${(Number(ten[9] === 'X' ? 10 : ten[9]) + 1) % 10}`, 'isbn'))).toBe(false);
  });

  it('refuses empty, punctuation-only, over-long and non-ISBN queries with a code', () => {
    expect(parseQuery('   ')).toMatchObject({ ok: false, code: 'EMPTY_QUERY' });
    expect(parseQuery('：、。!!')).toMatchObject({ ok: false, code: 'NO_SEARCHABLE_TERMS' });
    expect(parseQuery('the of and')).toMatchObject({ ok: false, code: 'NO_SEARCHABLE_TERMS' });
    expect(parseQuery('統'.repeat(201))).toMatchObject({ ok: false, code: 'QUERY_TOO_LONG' });
    expect(parseQuery('abc', 'isbn')).toMatchObject({ ok: false, code: 'NOT_AN_ISBN' });
    expect(parseQuery(Array.from({ length: 25 }, (_, i) => `word${i}`).join(' '))).toMatchObject({ ok: false, code: 'TOO_MANY_TERMS' });
  });

  it('always finds a title from any run of its own characters', () => {
    const han = fc.stringMatching(/^[\u4e00-\u9fa5]{2,12}$/);
    fc.assert(fc.property(han, fc.nat(), fc.nat(), (title, a, b) => {
      const chars = Array.from(title);
      const from = a % (chars.length - 1);
      const to = from + 2 + (b % (chars.length - from - 1));
      const q = chars.slice(from, to).join('');
      expect(matches(recordTerms({ t: [title] }), plan(q, 'title')), `${q} in ${title}`).toBe(true);
    }));
  });
});

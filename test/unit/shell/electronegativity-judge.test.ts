// The audit's rule: above LOW only what docs/security-allowlist.json lists,
// by check and file, no more often than listed; and the real allow-list parses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judge, parseAllowList, type AllowEntry, type Finding } from '../../../scripts/electronegativity-judge';

const finding = (over: Partial<Finding>): Finding => ({ scan: 'src', id: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.ts', line: 1, column: 1, severity: 'MEDIUM', severityValue: 2, confidence: 'TENTATIVE', manualReview: true, ...over });
const entry = (over: Partial<AllowEntry>): AllowEntry => ({ scan: 'src', check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.ts', count: 1, disposition: 'false positive', reason: 'the URL is checked by externalUrlToOpen first', ...over });

describe('judge', () => {
  it('lets LOW and informational findings pass unlisted', () => {
    expect(judge([finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW', severityValue: 1 }), finding({ severityValue: 0 })], []).unlisted).toEqual([]);
  });

  it('fails a MEDIUM or HIGH finding that is not listed, or listed for another file, tree or check', () => {
    const high = finding({ id: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', severityValue: 3 });
    expect(judge([high], []).unlisted).toEqual([high]);
    for (const other of [entry({ check: 'CONTEXT_ISOLATION_JS_CHECK', file: 'main/other.ts' }), entry({ check: 'CONTEXT_ISOLATION_JS_CHECK', scan: 'out' }), entry({})]) {
      expect(judge([high], [other]).unlisted).toEqual([high]);
    }
  });

  it('counts: a new call site beyond the listed count fails; fewer than listed is reported stale', () => {
    const two = [finding({ line: 1 }), finding({ line: 9 })];
    const v = judge(two, [entry({ count: 1 })]);
    expect(v.allowed).toHaveLength(1);
    expect(v.unlisted).toEqual([two[1]]);
    const w = judge([two[0]!], [entry({ count: 2 })]);
    expect(w.unlisted).toEqual([]);
    expect(w.stale).toMatchObject([{ count: 2, found: 1 }]);
  });
});

describe('parseAllowList', () => {
  it('reads docs/security-allowlist.json, whose every entry carries a reason', () => {
    const list = parseAllowList(JSON.parse(readFileSync(join(__dirname, '../../../docs/security-allowlist.json'), 'utf8')));
    expect(list.length).toBeGreaterThan(0);
  });

  it('refuses entries without a real reason, count or disposition', () => {
    expect(() => parseAllowList({})).toThrow('array');
    expect(() => parseAllowList([{ ...entry({}), reason: 'fp' }])).toThrow('entry 0');
    expect(() => parseAllowList([{ ...entry({}), count: 0 }])).toThrow('entry 0');
    expect(() => parseAllowList([{ ...entry({}), disposition: 'whatever' }])).toThrow('entry 0');
  });
});

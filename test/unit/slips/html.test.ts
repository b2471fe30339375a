import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml, renderSlipHtml } from '#shared/slips/html';
import { buildHoldSlip } from '#shared/slips/hold-slip';
import { markCopy } from '#shared/slips/model';
import type { Slip } from '#shared/slips/model';
import { HOLD } from './fixtures';

describe('HTML renderer', () => {
  it('escapes markup in every text field', () => {
    const slip: Slip = {
      kind: 'receipt', locale: 'en', title: '<t>',
      blocks: [
        { kind: 'text', text: '<script>alert("x")</script> & \'' },
        { kind: 'pair', left: '<b>', right: '"q"' },
        { kind: 'barcode', symbology: 'code39', data: '<A>' },
        { kind: 'qr', data: 'https://x/?a=1&b=<2>' },
      ],
    };
    const html = renderSlipHtml(slip);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;');
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('Code 39');
    expect(html).toContain('a=1&amp;b=&lt;2&gt;');
  });
  it('replaces unpaired surrogates and control characters', () => {
    expect(escapeHtml('a\uD800b\u0007c\u{1F600}')).toBe('a\uFFFDb\uFFFDc\u{1F600}');
  });
  it('a hold slip: document with charset, big shelf spot, copy mark, fragment mode', () => {
    const html = renderSlipHtml(buildHoldSlip(HOLD));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('lang="zh-Hant-TW"');
    expect(html).toMatch(/font-size:4em[^>]*>789</);
    expect(html).toContain('王○明');
    expect(html).toContain('data-symbology="code128"');
    const copy = renderSlipHtml(markCopy(buildHoldSlip(HOLD)), { document: false });
    expect(copy.startsWith('<article')).toBe(true);
    expect(copy).toContain('補印 COPY');
  });
  it('never throws and never lets a tag through, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const html = renderSlipHtml({ kind: 'hold', locale: 'zh-TW', title: a, blocks: [{ kind: 'text', text: a }, { kind: 'pair', left: a, right: b }, { kind: 'qr', data: b }] }, { document: false });
        const inner = html.replace(/<\/?(article|p|span|div|code)[^>]*>/g, '');
        expect(inner).not.toMatch(/[<>]/);
      }),
      { numRuns: 300 },
    );
  });
});

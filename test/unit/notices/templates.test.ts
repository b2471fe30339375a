// The built-in texts, placeholder filling, error wording without addresses,
// Message-IDs, preference checks and settings from the environment.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_TEMPLATES, PLACEHOLDERS } from '#server/notices/default-templates';
import { render, templateProblem, unknownPlaceholders } from '#server/notices/templates';
import { describeSmtpError, messageIdFor } from '#server/notices/mailer';
import { checkPreferences, isEmailAddress } from '#server/notices/preferences';
import { resolveSettings } from '#server/notices/settings';
import { reasonText } from '#server/notices/reason-text';
import { NOTICE_KINDS } from '#shared/portal/wire';
import { ApiError } from '#server/http/errors';

const vars = { title: 'T', library: 'L', pickupBy: '2026-12-08', shelfSpot: 'H-1', dueOn: '2026-12-29', finePerDay: 5, maxFine: 500, loanDays: 28, pickupDays: 7, reason: 'R', fineAmount: 0, returnedOn: '2026-12-30' };

describe('built-in templates', () => {
  it('exist for every kind in both languages, use only known placeholders and leave no braces', () => {
    for (const kind of NOTICE_KINDS) {
      for (const lang of ['zh-TW', 'en'] as const) {
        const t = DEFAULT_TEMPLATES[kind][lang];
        expect(unknownPlaceholders(t.subject + t.body), `${kind} ${lang}`).toEqual([]);
        expect(render(t.subject, vars) + render(t.body, vars)).not.toMatch(/\{\{|\}\}|\[object Object\]|undefined/);
        expect(t.subject).not.toMatch(/[\r\n]/);
      }
    }
  });

  it('say the service is free, and state the loan period and fines on ready_for_pickup and due_soon', () => {
    for (const kind of ['ready_for_pickup', 'due_soon'] as const) {
      expect(render(DEFAULT_TEMPLATES[kind]['zh-TW'].body, vars)).toContain('借期 28 天');
      expect(render(DEFAULT_TEMPLATES[kind]['zh-TW'].body, vars)).toContain('滯還金新臺幣 5 元');
      expect(render(DEFAULT_TEMPLATES[kind].en.body, vars)).toContain('NT$5 per open day');
      expect(render(DEFAULT_TEMPLATES[kind].en.body, vars)).toContain('28 days');
    }
    for (const kind of NOTICE_KINDS.filter((k) => k !== 'overdue')) {
      expect(DEFAULT_TEMPLATES[kind]['zh-TW'].body).toContain('免費');
      expect(DEFAULT_TEMPLATES[kind].en.body).toContain('free of charge');
    }
    expect(DEFAULT_TEMPLATES.ready_for_pickup['zh-TW'].subject).toContain('預約書到館通知');
    expect(DEFAULT_TEMPLATES.ready_for_pickup['zh-TW'].body).toContain('取書期限');
  });

  it('render inserts values as they are (plain text, no escaping) and blanks unknown names', () => {
    expect(render('{{title}} <b>{{ library }}</b> {{nope}}', { title: 'A & <B>', library: 'L' })).toBe('A & <B> <b>L</b> ');
    fc.assert(fc.property(fc.string(), (s) => render('[{{title}}]', { title: s }) === `[${s}]`));
    expect(unknownPlaceholders('{{title}} {{titel}} {{ dueOn }}')).toEqual(['titel']);
    expect(templateProblem('《{{title}}》\n\t到期日 {{dueOn}}', false)).toBeNull();
    expect(templateProblem('{{titel}}', false)).toContain('unknown placeholder {{titel}}');
    for (const half of ['{{title', 'title}}', '{{', '{{ }}']) expect(templateProblem(half, false), half).toContain('not part of a placeholder');
    expect(templateProblem('a\nb', true)).toContain('one line');
    expect(templateProblem('a\u000eb', false)).toContain('control');
    expect(PLACEHOLDERS).toContain('finePerDay');
  });

  it('words the service\'s own unfilled reasons, and passes a person\'s reason as written', () => {
    expect(reasonText('ROTA_EXHAUSTED', 'en')).toContain('None of the libraries');
    expect(reasonText('ROTA_EMPTY', 'zh-TW')).toContain('聯合目錄');
    expect(reasonText('書況不佳', 'en')).toBe('書況不佳');
  });
});

describe('mail details', () => {
  it('a Message-ID is a function of the dedupe key alone', () => {
    expect(messageIdFor('ready_for_pickup:hold:h1:e1', 'x.example')).toBe(messageIdFor('ready_for_pickup:hold:h1:e1', 'x.example'));
    expect(messageIdFor('ready_for_pickup:hold:h1:e1', 'x.example')).not.toBe(messageIdFor('ready_for_pickup:hold:h1:e2', 'x.example'));
    expect(messageIdFor('k', 'x.example')).toMatch(/^<notice\.[0-9a-f]{40}@x\.example>$/);
  });

  it('SMTP errors keep the code and the server\'s words, never an address', () => {
    const err = Object.assign(new Error('x'), { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <reader@student.example.edu.tw>: Recipient address rejected\r\n' });
    const text = describeSmtpError(err);
    expect(text).toContain('EENVELOPE 550');
    expect(text).toContain('Recipient address rejected');
    expect(text).not.toContain('@');
    expect(describeSmtpError(new Error('connect ECONNREFUSED 127.0.0.1:2525'))).toContain('ECONNREFUSED');
    expect(describeSmtpError('a'.repeat(1000)).length).toBeLessThanOrEqual(300);
  });
});

describe('preferences', () => {
  it('accepts plain addresses and refuses header tricks', () => {
    expect(isEmailAddress('reader@student.nkust.edu.tw')).toBe(true);
    for (const bad of ['a@b@c', 'a b@c.d', 'a@b.c\r\nBcc: x@y.z', '<a@b.c>', '@b.c', 'a@', 'a@-b.c', `${'a'.repeat(65)}@b.c`]) expect(isEmailAddress(bad), bad).toBe(false);
  });

  it('fills defaults and refuses unknown kinds, fields and languages with a 400', () => {
    expect(checkPreferences({ email: ' a@b.tw ', kinds: { overdue: false } })).toEqual({
      email: 'a@b.tw', language: 'zh-TW', kinds: { request_received: true, cannot_fill: true, ready_for_pickup: true, pickup_reminder: true, due_soon: true, overdue: false, returned: true, ebook_available: true },
    });
    expect(checkPreferences({ email: null, language: 'en' }).email).toBeNull();
    for (const bad of [null, [], { email: 'nope' }, { language: 'fr' }, { kinds: { spam: true } }, { kinds: { overdue: 'no' } }, { phone: '1' }, { email: 'a\u0000@b.c' }]) {
      expect(() => checkPreferences(bad), JSON.stringify(bad)).toThrow(ApiError);
    }
  });
});

describe('settings', () => {
  it('come from the environment unless given in code, and refuse nonsense', () => {
    const env = { SMTP_URL: 'smtp://127.0.0.1:2525', NOTICES_LEASE_MS: '3000', NOTICES_RETRY_MS: '100' };
    const s = resolveSettings({ batchSize: 7 }, env);
    expect(s).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:2525', leaseMs: 3000, batchSize: 7, retryBackoff: { initialMs: 100 } });
    // A send must fit in its lease: the SMTP timeouts shrink to a third of a short lease.
    expect(s.smtpTimeoutMs).toBe(1000);
    expect(resolveSettings(undefined, {}).smtpUrl).toBeNull();
    expect(() => resolveSettings(undefined, { NOTICES_LEASE_MS: 'soon' })).toThrow(/NOTICES_LEASE_MS/);
  });
});

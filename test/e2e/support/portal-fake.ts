// A fake of the portal API contract (src/shared/portal/wire.ts), answered by
// Playwright's request routing, with the built page served from disk: the
// page's screens, its wording of every error code and its CSRF header can be
// checked without the service (the real API is exercised by portal.spec.ts).
import { readFileSync, existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import {
  CSRF_HEADER, NOTICE_KINDS, PORTAL_ERRORS, type NoticePreferences, type PortalAccount, type PortalErrorCode, type PortalLibrary, type PortalMe,
  type PortalRequest, type PortalRules, type RenewalAnswer, type SearchResponse, type TimelineStep,
} from '#shared/portal/wire';

export const FAKE_ORIGIN = 'http://portal.fake';
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };
const STEPS: TimelineStep[] = ['placed', 'reviewed', 'sent_to_lender', 'shipped', 'arrived', 'on_hold_shelf', 'checked_out', 'returned', 'complete'];

export const FAKE_LIBRARIES: PortalLibrary[] = [
  { id: 'NKUST', name: '國立高雄科技大學', signIn: 'sip2' },
  { id: 'NPTU', name: '國立屏東大學', signIn: 'password' },
  { id: 'NUK', name: '國立高雄大學', signIn: 'password' },
  { id: 'KMU', name: '高雄醫學大學', signIn: 'sip2' },
];

/** A timeline at `at` (the index in STEPS), or ended by cancelled/unfilled after `at`. */
export function timelineAt(at: number, end?: 'cancelled' | 'unfilled'): PortalRequest['timeline'] {
  const t0 = Date.parse('2026-12-01T02:00:00Z');
  const done = STEPS.slice(0, at + (end ? 1 : 0)).map((step, i) => ({ step, state: 'done' as const, at: new Date(t0 + i * 3_600_000).toISOString(), ...(step === 'sent_to_lender' ? { libraryId: 'NPTU' } : {}) }));
  if (end) return [...done, { step: end, state: 'current', at: new Date(t0 + 20 * 3_600_000).toISOString() }];
  return [
    ...done.slice(0, at),
    { step: STEPS[at]!, state: 'current', at: new Date(t0 + at * 3_600_000).toISOString(), ...(STEPS[at] === 'sent_to_lender' ? { libraryId: 'NPTU' } : {}) },
    ...STEPS.slice(at + 1).map((step) => ({ step, state: 'upcoming' as const, at: null })),
  ];
}

export class FakePortal {
  signedIn = false;
  /** The session ran out: every call but sign-in answers SESSION_EXPIRED. */
  expired = false;
  /** The next sign-in answers this error (then the right password works again). */
  signInError: { code: PortalErrorCode; details?: Record<string, unknown> } | null = null;
  /** The next request answers this error. */
  requestError: { code: PortalErrorCode; details?: Record<string, unknown> } | null = null;
  /** Every state-changing call and the CSRF header it carried. */
  readonly changes: Array<{ method: string; path: string; csrf: string | undefined }> = [];
  readonly me: PortalMe = { patron: { id: 'p-1', name: '林同學', homeLibraryId: 'NKUST', homeLibraryName: '國立高雄科技大學' }, csrfToken: 'csrf-fake-1', expiresAt: '2099-01-01T00:00:00Z' };
  rules: PortalRules = {
    loanLimit: 5, current: { loans: 1, openRequests: 1 }, loanDays: 28, pickupDays: 7, finePerDay: 5, maxFinePerItem: 300, renewals: 1, renewalDays: 14, free: true,
    pickupLibraries: [{ id: 'NKUST', name: '國立高雄科技大學' }, { id: 'NKUST-YC', name: '國立高雄科技大學 燕巢校區' }],
  };
  readonly works: SearchResponse['works'] = [
    { id: 'w-stats', title: '統計學：觀念與應用', author: '王大明', year: 2019, publisher: '華泰', isbns: ['9789576093452'], holdings: [
      { libraryId: 'NPTU', copies: [], requestableCopies: 2 }, { libraryId: 'NUK', copies: [], requestableCopies: 1 }, { libraryId: 'KMU', copies: [], requestableCopies: 0 },
    ] },
    { id: 'w-taiwan', title: '臺灣文學史綱', author: '葉石濤', year: 2010, publisher: '春暉', isbns: [], holdings: [{ libraryId: 'NUK', copies: [], requestableCopies: 1 }] },
  ];
  requests: PortalRequest[] = [
    { id: 'r-hold', title: '物聯網系統設計', author: '吳明', workId: 'w-iot', pickupLibraryId: 'NKUST', lenderLibraryId: 'NPTU', placedAt: '2026-12-01T02:00:00Z', neededBy: '2026-12-20', note: '',
      timeline: timelineAt(5), hold: { shelfSpot: 'H-345', pickupBy: '2026-12-14' }, dueOn: null, canCancel: false, notified: true },
    { id: 'r-unfilled', title: '南島語言導論', author: '李壬癸', workId: 'w-an', pickupLibraryId: 'NKUST', lenderLibraryId: null, placedAt: '2026-11-20T02:00:00Z', neededBy: null, note: '',
      timeline: timelineAt(2, 'unfilled'), hold: null, dueOn: null, canCancel: false, notified: true },
  ];
  account: PortalAccount = {
    loans: [
      { id: 'l-1', title: '熱力學（第三版）', ownerLibraryId: 'NUK', pickupLibraryId: 'NKUST', dueOn: '2026-12-03', overdueDays: 4, renewalsLeft: 0, renewal: null },
      { id: 'l-2', title: '公共衛生概論', ownerLibraryId: 'KMU', pickupLibraryId: 'NKUST', dueOn: '2026-12-24', overdueDays: 0, renewalsLeft: 1, renewal: null },
    ],
    holds: [{ id: 'h-1', title: '物聯網系統設計', libraryId: 'NKUST', shelfSpot: 'H-345', pickupBy: '2026-12-14' }],
    fines: { total: 20, items: [{ loanId: 'l-1', title: '熱力學（第三版）', libraryId: 'NUK', amount: 20 }] },
    cards: [{ id: 'card-1', hostLibraryId: 'NPTU', validUntil: '2027-01-31', url: '/cards/card-1' }],
  };
  renewal: RenewalAnswer = { state: 'granted', dueOn: '2027-01-07', reason: '', decidedBy: 'policy' };
  prefs: NoticePreferences = { email: 'lin@example.edu.tw', language: 'zh-TW', kinds: Object.fromEntries(NOTICE_KINDS.map((k) => [k, true])) as NoticePreferences['kinds'] };
  private seq = 0;

  constructor(private readonly buildDir: string) {}

  async install(page: Page): Promise<void> {
    await page.route(`${FAKE_ORIGIN}/**`, (route) => this.answer(route));
  }

  private file(route: Route, path: string): Promise<void> {
    const rel = path.startsWith('/portal/assets/') ? path.slice('/portal/'.length) : 'index.html';
    const full = join(this.buildDir, rel);
    if (!existsSync(full)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: TYPES[extname(full)] ?? 'application/octet-stream', body: readFileSync(full) });
  }

  private json(route: Route, status: number, body: unknown): Promise<void> {
    return route.fulfill({ status, contentType: 'application/json', body: body === undefined ? '' : JSON.stringify(body) });
  }

  private fail(route: Route, code: PortalErrorCode, details?: Record<string, unknown>): Promise<void> {
    return this.json(route, PORTAL_ERRORS[code], { error: { code, message: code === 'VALIDATION_FAILED' ? 'neededBy: must be a future date' : code, ...(details ? { details } : {}) } });
  }

  private async answer(route: Route): Promise<void> {
    const req = route.request();
    const url = new URL(req.url());
    const path = url.pathname;
    const method = req.method();
    if (!path.startsWith('/portal/api/')) return this.file(route, path);
    if (method !== 'GET') {
      this.changes.push({ method, path, csrf: req.headers()[CSRF_HEADER] });
      if (path !== '/portal/api/session' || method !== 'POST') {
        if (req.headers()[CSRF_HEADER] !== this.me.csrfToken) return this.fail(route, 'CSRF_REFUSED');
      }
    }
    if (path === '/portal/api/libraries') return this.json(route, 200, { libraries: FAKE_LIBRARIES });
    if (path === '/portal/api/session' && method === 'POST') {
      const body = req.postDataJSON() as { libraryId: string; password: string };
      if (this.signInError) {
        const e = this.signInError;
        this.signInError = null;
        return this.fail(route, e.code, e.details);
      }
      if (!FAKE_LIBRARIES.some((l) => l.id === body.libraryId)) return this.fail(route, 'UNKNOWN_LIBRARY');
      if (body.password !== '1234') return this.fail(route, 'SIGN_IN_FAILED');
      this.signedIn = true;
      this.expired = false;
      return this.json(route, 200, this.me);
    }
    if (this.expired) return this.fail(route, 'SESSION_EXPIRED');
    if (!this.signedIn) return this.fail(route, 'NOT_SIGNED_IN');
    if (path === '/portal/api/session' && method === 'DELETE') {
      this.signedIn = false;
      return route.fulfill({ status: 204 });
    }
    if (path === '/portal/api/me') return this.json(route, 200, this.me);
    if (path === '/portal/api/rules') return this.json(route, 200, this.rules);
    if (path === '/portal/api/search') {
      const q = url.searchParams.get('q') ?? '';
      const works = this.works.filter((w) => w.title.includes(q) || (w.author ?? '').includes(q));
      return this.json(route, 200, { q, field: 'any', page: 1, pageSize: 20, total: works.length, totalIsCapped: false, works } satisfies SearchResponse);
    }
    if (path === '/portal/api/requests' && method === 'GET') return this.json(route, 200, { requests: this.requests });
    if (path === '/portal/api/requests' && method === 'POST') {
      if (this.requestError) {
        const e = this.requestError;
        this.requestError = null;
        return this.fail(route, e.code, e.details);
      }
      const body = req.postDataJSON() as { workId: string; pickupLibraryId: string; neededBy: string | null; note: string };
      const work = this.works.find((w) => w.id === body.workId)!;
      const r: PortalRequest = { id: `r-new-${++this.seq}`, title: work.title, author: work.author ?? '', workId: work.id, pickupLibraryId: body.pickupLibraryId, lenderLibraryId: null,
        placedAt: new Date().toISOString(), neededBy: body.neededBy, note: body.note, timeline: timelineAt(0), hold: null, dueOn: null, canCancel: true, notified: false };
      this.requests.unshift(r);
      this.rules = { ...this.rules, current: { ...this.rules.current, openRequests: this.rules.current.openRequests + 1 } };
      return this.json(route, 200, r);
    }
    const one = /^\/portal\/api\/requests\/([^/]+)(\/cancel)?$/.exec(path);
    if (one) {
      const r = this.requests.find((x) => x.id === decodeURIComponent(one[1]!));
      if (!r) return this.fail(route, 'NOT_FOUND');
      if (one[2]) {
        if (!r.canCancel) return this.fail(route, 'CANNOT_CANCEL');
        const at = r.timeline.findIndex((e) => e.state === 'current');
        Object.assign(r, { canCancel: false, timeline: timelineAt(at, 'cancelled') });
      }
      return this.json(route, 200, r);
    }
    const renew = /^\/portal\/api\/loans\/([^/]+)\/renewal$/.exec(path);
    if (renew) return this.json(route, 200, this.renewal);
    if (path === '/portal/api/account') return this.json(route, 200, this.account);
    if (path === '/portal/api/preferences' && method === 'GET') return this.json(route, 200, this.prefs);
    if (path === '/portal/api/preferences' && method === 'PUT') {
      this.prefs = req.postDataJSON() as NoticePreferences;
      return this.json(route, 200, this.prefs);
    }
    return this.fail(route, 'NOT_FOUND');
  }
}

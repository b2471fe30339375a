// 自助取書 with a PIN: this kiosk's device setting asks for the patron's PIN
// after the card, and the library checks it through its own library system
// (SIP2 Patron Information; the SIP2 simulator in this process stands in for
// it). The patron taps the on-screen keypad — the dots count the taps, 清除
// clears them — a wrong PIN says so with the tries left, the right one opens
// the visit, three wrong ones end at the desk. When the library system cannot
// be reached, the library's offlinePinRule decides; here it is 'refuse'.
//
// `kioskPin: 'required'` is a worker option, so this spec runs on a kiosk of
// its own: its library-system settings reach no other kiosk spec.
import type { Page } from '@playwright/test';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import type { IlsSettings } from '#shared/bridge/ils';
import type { AdminClient } from '../support/client';
import { bridgeCall } from './support/fixtures';
import type { HostInfo } from './support/host-process';
import { expect, itemTags, test, type KioskPage } from './support/kiosk-fixtures';

test.use({ kioskPin: 'required' });

const LOGIN_USER = 'relay-kiosk';
const LOGIN_PASSWORD = 'kiosk-pin-pw';

/** The library's SIP2 connection with only patron validation on; 'refuse' is what an unreachable system means for a PIN. */
async function connectLibrarySystem(host: HostInfo, port: number): Promise<void> {
  const settings: IlsSettings = {
    enabled: true, host: '127.0.0.1', port, tls: { enabled: false, rejectUnauthorized: true, caPem: '' },
    institutionId: 'NKUST', loginUserId: LOGIN_USER, loginPassword: LOGIN_PASSWORD, locationCode: 'NKUST-KIOSK', terminalPassword: '',
    errorDetection: true, requestTimeoutMs: 3000,
    operations: { dispatchCheckout: false, returnCheckin: false, patronValidation: true },
    accounts: {}, offlinePinRule: 'refuse',
  };
  await bridgeCall(host, 'ils.configure', { settings });
}

/** The patron's finger on the on-screen keypad, one digit button at a time (never the hidden field). */
async function tapPin(page: Page, digits: string): Promise<void> {
  const keypad = page.locator('.kiosk-keypad');
  for (const d of digits) await keypad.getByRole('button', { name: d, exact: true }).click();
}

async function tapOk(page: Page): Promise<void> {
  const ok = page.getByTestId('kiosk-pin-ok');
  await expect(ok).toBeEnabled();
  await ok.click();
}

/** Each Patron Information (63) the kiosk sent, as card and whether a PIN (AD) was in it — the simulator masks the PIN itself. */
function patronChecks(sim: Sip2ServerSimulator): { card: string; pin: boolean }[] {
  return sim.received.filter((l) => l.startsWith('63')).map((l) => ({ card: /\|AA([^|]*)/.exec(l)?.[1] ?? '', pin: /\|AD[^|]+/.test(l) }));
}

async function loansOf(kiosk: KioskPage, seedAdmin: AdminClient, patronId: string): Promise<string[]> {
  await kiosk.page.evaluate(() => window.__relayDesk!.desk.awaitConverged());
  const loans = await seedAdmin.records<{ patronId: string; state: string; itemBarcode: string }>('loans');
  return loans.documents.filter((l) => l.patronId === patronId && l.state === 'active').map((l) => l.itemBarcode);
}

test('PIN on the keypad: wrong (tries left, dots, clear), right → pickup and receipt; three wrong → the desk; library system down → refused', async ({ kiosk, kioskHost, seed, page }) => {
  test.setTimeout(120_000);
  const sim = new Sip2ServerSimulator({ host: '127.0.0.1', port: 0, institutionId: 'NKUST', libraryName: '國立高雄科技大學圖書館', accounts: [{ userId: LOGIN_USER, password: LOGIN_PASSWORD }] });
  try {
    const patron = await seed.patron('NKUST', '林雅婷');
    const [hold] = await seed.onHoldShelf('NKUST', 'NPTU', patron, 1, 0);
    const other = await seed.patron('NKUST', '陳志明');
    const [otherHold] = await seed.onHoldShelf('NKUST', 'NPTU', other, 1, 0);
    const third = await seed.patron('NKUST', '黃怡君');
    const [thirdHold] = await seed.onHoldShelf('NKUST', 'NPTU', third, 1, 0);
    // The PINs live only in the library's own system; the consortium's records know none.
    sim.library.addPatron({ id: patron.card, pin: '2468', name: patron.name });
    sim.library.addPatron({ id: other.card, pin: '1357', name: other.name });
    sim.library.addPatron({ id: third.card, pin: '9753', name: third.name });
    await connectLibrarySystem(kioskHost.info, await sim.start());

    await kiosk.open();
    await kiosk.waitFor([hold, otherHold, thirdHold].map((h) => `reader.get('holds', '${h!.holdId}') !== undefined`).join(' && '));
    const dots = page.getByTestId('kiosk-pin-dots');
    const problem = page.getByTestId('kiosk-problem');

    await test.step('the card asks for the PIN; a wrong one says so with two tries left; the dots count the taps; 清除 clears them', async () => {
      await kiosk.scanCard(patron.card);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'pin');
      await expect(page.getByRole('heading', { name: '請輸入密碼' })).toBeVisible();
      // Nothing about the patron shows before the PIN.
      await expect(page.getByTestId('kiosk-patron-name')).toHaveCount(0);
      await expect(page.getByTestId('kiosk-hold')).toHaveCount(0);

      await tapPin(page, '111');
      await expect(dots).toHaveText('●●●');
      await page.locator('.kiosk-keypad').getByRole('button', { name: '清除' }).click();
      await expect(dots).toHaveText('\u00a0');
      await tapPin(page, '1111');
      await expect(dots).toHaveText('●●●●');
      await kiosk.snap('pin-four-dots');
      await tapOk(page);
      await expect(problem).toContainText('密碼不正確，請再試一次（還可試 2 次）。');
      // The patron can put it right here: no "please see the desk" yet.
      await expect(page.getByTestId('kiosk-see-desk')).toHaveCount(0);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'pin');
      // The wrong PIN is gone from the dots: the next try starts empty.
      await expect(dots).toHaveText('\u00a0');
      await kiosk.snap('pin-wrong');
      // The wrong PIN went to the library system with the card: the kiosk asked, it did not decide on its own.
      expect(patronChecks(sim)).toEqual([{ card: patron.card, pin: true }]);
    });

    await test.step('the right PIN: the visit with the hold; on the pad → checked out; finish → the receipt names the book', async () => {
      await tapPin(page, '2468');
      await expect(dots).toHaveText('●●●●');
      await tapOk(page);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'visit');
      await expect(page.getByTestId('kiosk-patron-name')).toHaveText('林○婷 您好');
      await expect(page.getByTestId('kiosk-hold')).toHaveCount(1);
      await expect(page.getByTestId('kiosk-hold')).toContainText(hold!.title);
      await kiosk.place(itemTags(hold!.barcode, 'NPTU'));
      const line = page.locator(`[data-testid="kiosk-line"][data-barcode="${hold!.barcode}"]`);
      await expect(line).toHaveAttribute('data-kind', 'checked_out');
      await expect(line).toContainText(/已借出，到期日 \d{4}-\d{2}-\d{2}（.）/);
      await kiosk.snap('pin-ok-checked-out');
      await page.getByTestId('kiosk-finish').click();
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'goodbye');
      await expect(page.getByTestId('kiosk-receipt-state')).toHaveText('請取收據');
      const receipt = await kiosk.waitForReceipt(hold!.title);
      expect(receipt.text).toContain('借還書收據 Receipt');
      expect(receipt.text).toMatch(/讀者 +林○婷/);
      expect(receipt.text).toContain('借出 1 件');
      // Neither the card number nor the PIN is ever printed.
      expect(receipt.text).not.toContain('2468');
      expect(receipt.text).not.toContain(patron.card);
      await kiosk.clearPad();
      await page.getByTestId('kiosk-done').click();
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome');
      expect(await loansOf(kiosk, seed.admin, patron.id)).toEqual([hold!.barcode]);
    });

    await test.step('another patron: three wrong PINs → too many, see the desk, nothing checked out', async () => {
      const printedBefore = kiosk.printed().length;
      // Someone starts on the PIN screen and walks off; the next patron's card
      // comes through the kiosk's scanner (its scan event goes to the core's
      // identify, here through the test hook: this kiosk has no scanner device).
      await kiosk.scanCard(third.card);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'pin');
      await tapPin(page, '12');
      await expect(dots).toHaveText('●●');
      await page.evaluate((card) => window.__relayKiosk!.identify(card), other.card);
      await page.waitForFunction((id) => { const s = window.__relayKiosk?.screen; return s?.kind === 'pin' && s.patronId === id; }, other.id);
      // The new patron's PIN screen starts empty: the digits tapped before are not the start of theirs.
      await expect(dots).toHaveText('\u00a0');
      await tapPin(page, '0000');
      await tapOk(page);
      await expect(problem).toContainText('還可試 2 次');
      await tapPin(page, '1234');
      await tapOk(page);
      await expect(problem).toContainText('密碼不正確，請再試一次（還可試 1 次）。');
      await tapPin(page, '7531');
      await tapOk(page);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'blocked');
      await expect(page.getByTestId('kiosk-block-reason')).toHaveText('密碼錯誤次數過多。');
      await expect(page.getByTestId('kiosk-see-desk')).toHaveText('請洽服務台。');
      await expect(page.getByTestId('kiosk-hold')).toHaveCount(0);
      await kiosk.snap('pin-locked');
      // Books on the pad now are not lent: the blocked screen has no visit.
      await kiosk.place(itemTags(otherHold!.barcode, 'NPTU'));
      await expect(page.getByTestId('kiosk-line')).toHaveCount(0);
      await kiosk.clearPad();
      await page.getByTestId('kiosk-done').click();
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome');
      expect(await loansOf(kiosk, seed.admin, other.id)).toEqual([]);
      expect(await seed.admin.record('holds', otherHold!.holdId)).toMatchObject({ state: 'waiting' });
      expect(kiosk.printed()).toHaveLength(printedBefore);
      expect(patronChecks(sim).filter((c) => c.card === other.card)).toEqual([{ card: other.card, pin: true }, { card: other.card, pin: true }, { card: other.card, pin: true }]);
    });

    await test.step('the library system is down: even the right PIN is refused, because nobody can check it', async () => {
      await sim.stop();
      const printedBefore = kiosk.printed().length;
      await kiosk.scanCard(third.card);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'pin');
      await tapPin(page, '9753');
      await expect(dots).toHaveText('●●●●');
      await tapOk(page);
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'blocked');
      await expect(page.getByTestId('kiosk-block-reason')).toHaveText('目前無法向圖書館系統確認密碼。');
      await expect(page.getByTestId('kiosk-see-desk')).toHaveText('請洽服務台。');
      await kiosk.snap('pin-unchecked');
      await page.getByTestId('kiosk-lang-en').click();
      await expect(page.getByTestId('kiosk-block-reason')).toHaveText('Your PIN cannot be checked with the library system right now.');
      await page.getByTestId('kiosk-done').click();
      await expect(kiosk.screen).toHaveAttribute('data-screen', 'welcome');
      expect(await loansOf(kiosk, seed.admin, third.id)).toEqual([]);
      expect(await seed.admin.record('holds', thirdHold!.holdId)).toMatchObject({ state: 'waiting' });
      expect(kiosk.printed()).toHaveLength(printedBefore);
      // The simulator heard nothing from this patron: the refusal came from the unreachable system, not from a wrong PIN.
      expect(patronChecks(sim).filter((c) => c.card === third.card)).toEqual([]);
    });
  } finally {
    await sim.stop();
    // The worker's kiosk goes on without the stopped simulator's connection.
    await bridgeCall(kioskHost.info, 'ils.configure', { settings: { ...(await currentSettings(kioskHost.info)), enabled: false } }).catch(() => undefined);
  }
});

async function currentSettings(host: HostInfo): Promise<Record<string, unknown>> {
  const r = (await bridgeCall(host, 'ils.settings', {})) as { settings: Record<string, unknown> };
  const { hasLoginPassword: _p, hasTerminalPassword: _t, ...settings } = r.settings;
  return settings;
}

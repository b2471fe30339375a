// 圖書館系統（SIP2） in Settings: staff type in their library system's SIP2
// connection, "test connection" logs in and reports what the system supports
// (from its SC status reply), the settings are saved without the password
// ever coming back to the page, an unreachable system and bad input are told
// apart with specific messages.
//
// A Big5 library system (issue 19): the test finds the character set, staff
// take the detected setting, and a patron's Chinese name reads right.
//
// The library system is a SIP2 server simulator in this spec's process. The
// desk host is shared by every spec, so this one saves the connection with
// every operation off — other specs' dispatches, returns and pickup patron
// checks would otherwise reach this simulator — and leaves it turned off.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from '@playwright/test';
import type { IlsSettingsView } from '#shared/bridge/ils';
import { SUPPORTED_MESSAGES_ORDER, type AcsStatusResponse } from '#shared/sip2';
import { translateDynamic } from '#renderer/ui/i18n';
import { Sip2ServerSimulator } from '#main/simulators/sip2-server';
import { bridgeCall, DeskPage, expect, hostInfo, test } from './support/fixtures';
import { Seed } from './support/seed';
import { spawnHost } from './support/spawn-host';
import type { HostInfo } from './support/host-process';

const LOGIN_USER = 'relay-desk';
const ACCOUNTS = 'NPTU=ILL-NPTU\nNTTU=ILL-NTTU';

/** The SC status (98) reply this simulator sends, as its library answers it. */
function advertisedStatus(sim: Sip2ServerSimulator): AcsStatusResponse {
  const reply = sim.library.handle({ type: 'scStatus', statusCode: 0, maxPrintWidth: 80, protocolVersion: '2.00' });
  if (reply?.type !== 'acsStatus') throw new Error(`the simulator answered SC status with ${reply?.type ?? 'nothing'}`);
  return reply;
}

async function savedSettings(host: HostInfo): Promise<IlsSettingsView> {
  const r = (await bridgeCall(host, 'ils.settings', {})) as { settings: IlsSettingsView };
  return r.settings;
}

/** Presses "test connection" and waits for its answer (the panel clears the old one first). */
async function testConnection(page: Page): Promise<Locator> {
  const button = page.getByTestId('ils-test');
  await expect(button).toBeEnabled();
  await button.click();
  await expect(button).toBeEnabled();
  const result = page.getByTestId('ils-test-result');
  await expect(result).toBeVisible();
  return result;
}

// Whatever happens above, the shared desk host goes on with the connection off.
test.afterAll(async () => {
  const host = hostInfo();
  const { hasLoginPassword: _p, hasTerminalPassword: _t, ...settings } = await savedSettings(host);
  if (!settings.enabled) return;
  await bridgeCall(host, 'ils.configure', { settings: { ...settings, enabled: false } });
});

test('SIP2 connection: test, save without the password coming back, unreachable system, bad input', async ({ desk, page, host }) => {
  // A new password each run: what an earlier run saved must not make this one pass.
  const password = `pw-${randomBytes(6).toString('hex')}`;
  // A system without Item Information (17): the test must warn about it.
  const sim = new Sip2ServerSimulator({
    host: '127.0.0.1',
    port: 0,
    institutionId: 'NKUST',
    libraryName: '國立高雄科技大學圖書館',
    accounts: [{ userId: LOGIN_USER, password }],
    profile: 'no-item-info',
  });
  const port = await sim.start();
  const status = advertisedStatus(sim);
  const supported = SUPPORTED_MESSAGES_ORDER.filter((key) => status.supportedMessages?.[key] === true);
  // The list must say something: a simulator announcing nothing would make the check below empty.
  expect(supported).toContain('checkout');
  expect(supported).toContain('checkin');

  try {
    await desk.open();
    await desk.tab('settings');
    const panel = page.getByTestId('ils-settings');
    await expect(panel).toContainText('圖書館系統（SIP2）');
    const result = page.getByTestId('ils-test-result');

    await test.step('a wrong password is refused at login', async () => {
      await page.getByTestId('ils-op-dispatch').uncheck();
      await page.getByTestId('ils-op-return').uncheck();
      await page.getByTestId('ils-op-patron').uncheck();
      await page.getByTestId('ils-enabled').check();
      await page.getByTestId('ils-host').fill('127.0.0.1');
      await page.getByTestId('ils-port').fill(String(port));
      await page.getByTestId('ils-institution').fill('NKUST');
      await page.getByTestId('ils-user').fill(LOGIN_USER);
      await page.getByTestId('ils-password').fill(`${password}-wrong`);
      await page.getByTestId('ils-location').fill('NKUST-CIRC');
      await page.getByTestId('ils-accounts').fill(ACCOUNTS);
      await page.getByTestId('ils-offline-pin').selectOption('accept-card-only');

      await testConnection(page);
      await expect(result).toHaveAttribute('data-ok', 'false');
      await expect(result).toContainText('連線失敗： 登入被拒：請確認帳號與密碼。');
      await expect(page.getByTestId('ils-test-detail')).toHaveText(`LOGIN_FAILED ACS refused login for user '${LOGIN_USER}'`);
      expect(sim.stats.failedLogins).toBe(1);
      expect(sim.stats.logins).toBe(0);
      await desk.snap('login-refused');
    });

    await test.step('the right password: what the system says in its SC status reply', async () => {
      await page.getByTestId('ils-password').fill(password);
      await testConnection(page);
      await expect(result).toHaveAttribute('data-ok', 'true');
      await expect(result).toContainText(/連線成功（\d+ ms）/);
      await expect(result).toContainText(`系統館名${status.libraryName ?? ''}（${status.institutionId}）`);
      await expect(result).toContainText(`協定版本${status.protocolVersion}`);
      await expect(page.getByTestId('ils-supported')).toHaveText(supported.map((key) => translateDynamic('zh-TW', 'sip2msg_', key)).join('、'));
      const flags = [status.onlineStatus ? '線上' : '離線', status.checkoutOk ? '可借出' : '不可借出', status.checkinOk ? '可歸還' : '不可歸還'];
      await expect(result).toContainText(`狀態${flags.join('、')}`);
      // The simulator does not announce Item Information (17): the desk warns that lost replies cannot be checked.
      expect(status.supportedMessages?.itemInformation).toBe(false);
      await expect(page.getByTestId('ils-warnings')).toHaveText('⚠ 系統未宣告支援「館藏資訊」(17)：回應遺失時無法查證，將持續重試直到人工處理。');
      expect(sim.stats.logins).toBe(1);
      await desk.snap('connection-ok');
    });

    await test.step('saved: the form comes back with the settings, never the password', async () => {
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('已儲存 SIP2 設定');
      await expect(page.getByTestId('ils-save')).toBeDisabled();
      await expect(page.getByTestId('ils-health')).toHaveAttribute('data-state', 'idle');
      await expect(page.getByTestId('ils-health')).toHaveText('連線狀態：已啟用，沒有待送作業');

      const raw = await bridgeCall(host, 'ils.settings', {});
      expect(JSON.stringify(raw)).not.toContain(password);
      expect(await savedSettings(host)).toMatchObject({
        enabled: true, host: '127.0.0.1', port, institutionId: 'NKUST', loginUserId: LOGIN_USER, hasLoginPassword: true,
        locationCode: 'NKUST-CIRC', offlinePinRule: 'accept-card-only',
        operations: { dispatchCheckout: false, returnCheckin: false, patronValidation: false },
        accounts: { NPTU: 'ILL-NPTU', NTTU: 'ILL-NTTU' },
      });

      await desk.open();
      await desk.tab('settings');
      await expect(page.getByTestId('ils-enabled')).toBeChecked();
      await expect(page.getByTestId('ils-host')).toHaveValue('127.0.0.1');
      await expect(page.getByTestId('ils-port')).toHaveValue(String(port));
      await expect(page.getByTestId('ils-institution')).toHaveValue('NKUST');
      await expect(page.getByTestId('ils-user')).toHaveValue(LOGIN_USER);
      await expect(page.getByTestId('ils-accounts')).toHaveValue(ACCOUNTS);
      await expect(page.getByTestId('ils-op-dispatch')).not.toBeChecked();
      await expect(page.getByTestId('ils-op-return')).not.toBeChecked();
      await expect(page.getByTestId('ils-op-patron')).not.toBeChecked();
      await expect(page.getByTestId('ils-location')).toHaveValue('NKUST-CIRC');
      await expect(page.getByTestId('ils-offline-pin')).toHaveValue('accept-card-only');
      await expect(page.getByTestId('ils-password')).toHaveValue('');
      await expect(page.getByTestId('ils-password')).toHaveAttribute('placeholder', '已設定；留空表示不變更');
      expect(await page.content()).not.toContain(password);
      await expect(page.getByTestId('ils-save')).toBeDisabled();
      await desk.snap('saved-reloaded');

      // The empty password field means "keep the saved one": the test logs in with it.
      await testConnection(page);
      await expect(result).toHaveAttribute('data-ok', 'true');
      expect(sim.stats.logins).toBe(2);
    });

    await test.step('the system goes away: the test says it cannot connect', async () => {
      await sim.stop();
      await testConnection(page);
      await expect(result).toHaveAttribute('data-ok', 'false');
      await expect(result).toContainText('連線失敗： 無法連線：該主機與連接埠沒有服務在接聽。');
      await expect(page.getByTestId('ils-test-detail')).toContainText(`CONNECTION_REFUSED cannot connect to 127.0.0.1:${port}`);
      await desk.snap('unreachable');
    });

    await test.step('bad input is refused with a specific message and nothing is saved', async () => {
      const before = await savedSettings(host);

      await page.getByTestId('ils-port').fill('70000');
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('連接埠應為 1 到 65535 的整數。');
      await page.getByTestId('ils-test').click();
      await expect(page.getByTestId('ils-message')).toHaveText('連接埠應為 1 到 65535 的整數。');
      // An emptied field is not silently port 0.
      await page.getByTestId('ils-port').fill('');
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('連接埠應為 1 到 65535 的整數。');
      await desk.snap('port-out-of-range');
      await page.getByTestId('ils-port').fill(String(port));

      await page.getByTestId('ils-accounts').fill(`${ACCOUNTS}\nTPML ILL-TPML`);
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('帳號設定第 3 行格式不正確，應為「NPTU=讀者證號」。');
      await expect(page.getByTestId('ils-message')).toHaveClass(/note-problem/);
      await desk.snap('accounts-line-bad');

      expect(await savedSettings(host)).toEqual(before);
    });

    await test.step('turned off again', async () => {
      await page.getByTestId('ils-accounts').fill(ACCOUNTS);
      await page.getByTestId('ils-enabled').uncheck();
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('已儲存 SIP2 設定');
      await expect(page.getByTestId('ils-health')).toHaveAttribute('data-state', 'disabled');
      await expect(page.getByTestId('ils-health')).toHaveText('連線狀態：未啟用');
      expect(await savedSettings(host)).toMatchObject({ enabled: false });
    });

    // Only logins and SC status reached the simulator: no other spec's checkout, checkin or patron check.
    expect(sim.received.filter((line) => !/^(93|99)/.test(line))).toEqual([]);
  } finally {
    await sim.stop();
  }
});

// Patron checks change what every pickup at the desk does, so this test runs
// its own desk host (own service, own data dir) instead of the shared one.
test('pickup asks the library system about the patron: allowed, barred, and no answer', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const own = await spawnHost();
  const sim = new Sip2ServerSimulator({ host: '127.0.0.1', port: 0, institutionId: 'NKUST', libraryName: '國立高雄科技大學圖書館', accounts: [{ userId: LOGIN_USER, password: 'pickup-pw' }] });
  const desk = new DeskPage(page, own.info, testInfo);
  try {
    const seed = Seed.forHost(own.info, own.seedDesks);
    const allowed = await seed.patron('NKUST', '吳建華');
    const [allowedHold] = await seed.onHoldShelf('NKUST', 'NPTU', allowed, 1, 0);
    const barred = await seed.patron('NKUST', '許雅雯');
    const [barredHold] = await seed.onHoldShelf('NKUST', 'NPTU', barred, 1, 0);
    // The consortium's records have both patrons in good standing; only the library's own system knows of the bar.
    sim.library.addPatron({ id: allowed.card, pin: '1234', name: allowed.name });
    sim.library.addPatron({ id: barred.card, pin: '5678', name: barred.name, blocked: true });
    const port = await sim.start();
    await bridgeCall(own.info, 'ils.configure', {
      settings: {
        enabled: true, host: '127.0.0.1', port, tls: { enabled: false, rejectUnauthorized: true, caPem: '' },
        institutionId: 'NKUST', loginUserId: LOGIN_USER, loginPassword: 'pickup-pw', locationCode: 'NKUST-CIRC', terminalPassword: '',
        errorDetection: true, requestTimeoutMs: 3000,
        operations: { dispatchCheckout: false, returnCheckin: false, patronValidation: true },
        accounts: {}, offlinePinRule: 'refuse',
      },
    });

    await desk.open();
    await desk.tab('pickup');
    await desk.waitFor(`reader.get('holds', '${allowedHold!.holdId}') !== undefined && reader.get('holds', '${barredHold!.holdId}') !== undefined`);
    const homeCheck = page.getByTestId('home-check');

    await desk.scan(allowed.card);
    await expect(homeCheck).toHaveAttribute('data-state', 'valid');
    await expect(homeCheck).toHaveText('已核對：可借閱');
    const lent = await desk.scan(allowedHold!.barcode);
    await expect(lent).toHaveAttribute('data-state', 'ok');
    await expect(lent).toContainText(/到期日 \d{4}-\d{2}-\d{2}/);
    await desk.snap('home-system-allows');

    const card = await desk.scan(barred.card);
    await expect(homeCheck).toHaveAttribute('data-state', 'refused');
    await expect(card).toHaveAttribute('data-state', 'problem');
    await expect(card).toContainText('本館圖書館系統顯示此讀者不可借閱。');
    await expect(page.getByTestId('result-next')).toContainText('請依本館系統的說明處理後再借出。');
    const refused = await desk.scan(barredHold!.barcode);
    await expect(refused).toHaveAttribute('data-state', 'problem');
    await expect(refused).toContainText('本館圖書館系統顯示此讀者不可借閱。');
    expect(await desk.eventsMentioning(barredHold!.barcode)).toBe(0);
    await desk.snap('home-system-bars');

    // The system goes away: the desk keeps lending on its own records and says so.
    await sim.goDown();
    await desk.scan(allowed.card);
    await expect(homeCheck).toHaveAttribute('data-state', 'unreachable');
    await expect(homeCheck).toHaveText('本館系統無法連線，依本機資料辦理');
    await desk.snap('home-system-silent');
    // Each card scan was one Patron Information (63) with that card.
    expect(sim.received.filter((line) => line.startsWith('63')).map((line) => /\|AA([^|]*)\|/.exec(line)?.[1])).toEqual([allowed.card, barred.card]);
  } finally {
    await desk.dispose();
    await sim.stop();
    await own.stop();
  }
});

// A Big5 system changes what every patron check at this desk reads, so this
// test runs its own desk host too.
test('a Big5 library system: the test finds its character set, and the patron name reads right', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const own = await spawnHost();
  const sim = new Sip2ServerSimulator({
    host: '127.0.0.1',
    port: 0,
    institutionId: 'NPTU',
    libraryName: '國立屏東大學圖書館',
    accounts: [{ userId: LOGIN_USER, password: 'big5-pw' }],
    patrons: [{ id: 'B0000001', pin: '2468', name: '陳美玲' }],
    profile: 'big5',
  });
  const desk = new DeskPage(page, own.info, testInfo);
  try {
    const port = await sim.start();
    await desk.open();
    await desk.tab('settings');
    const result = page.getByTestId('ils-test-result');
    const report = page.getByTestId('ils-report');

    await test.step('tested as UTF-8 (the default): the test says the system speaks Big5', async () => {
      await page.getByTestId('ils-op-dispatch').uncheck();
      await page.getByTestId('ils-op-return').uncheck();
      await page.getByTestId('ils-op-patron').check();
      await page.getByTestId('ils-enabled').check();
      await page.getByTestId('ils-host').fill('127.0.0.1');
      await page.getByTestId('ils-port').fill(String(port));
      await page.getByTestId('ils-institution').fill('NPTU');
      await page.getByTestId('ils-user').fill(LOGIN_USER);
      await page.getByTestId('ils-password').fill('big5-pw');
      await expect(page.getByTestId('ils-charset')).toHaveValue('utf-8');
      await testConnection(page);
      await expect(result).toHaveAttribute('data-ok', 'true');
      // Read as UTF-8 the library's name is garbage; the finding says why, in words.
      await expect(result).not.toContainText('國立屏東大學圖書館');
      await expect(report).toContainText('字元集：系統使用 Big5（大五碼），但設定為 UTF-8，中文姓名會變成亂碼。請改為 Big5（大五碼）。');
      await expect(report).toContainText('時區：系統時間與 Asia/Taipei 相符。');
      await expect(report).toContainText('支援的訊息：');
      await desk.snap('big5-detected');
    });

    await test.step('the detected setting taken: the name reads right, and it is saved', async () => {
      await page.getByTestId('ils-apply-detected').click();
      await expect(page.getByTestId('ils-charset')).toHaveValue('big5');
      await testConnection(page);
      await expect(result).toContainText('系統館名國立屏東大學圖書館（NPTU）');
      await expect(report).toContainText('字元集：系統使用 Big5（大五碼），與設定相符。');
      await expect(page.getByTestId('ils-apply-detected')).toHaveCount(0);
      await page.getByTestId('ils-save').click();
      await expect(page.getByTestId('ils-message')).toHaveText('已儲存 SIP2 設定');
      expect(await savedSettings(own.info)).toMatchObject({ charset: 'big5', enabled: true });
      await desk.snap('big5-saved');
    });

    await test.step('a patron looked up in the system: the Chinese name as the system has it', async () => {
      await page.getByTestId('ils-patron-card').fill('B0000001');
      await page.getByTestId('ils-patron-lookup').click();
      await expect(page.getByTestId('ils-patron-result')).toHaveText('系統回覆姓名：陳美玲');
      await desk.snap('big5-patron-name');
    });
  } finally {
    await desk.dispose();
    await sim.stop();
    await own.stop();
  }
});

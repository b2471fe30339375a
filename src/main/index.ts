// Electron shell: with src/preload/index.ts the only file that imports
// 'electron'. Everything else is plain Node (desk-runtime, bridge, devices,
// shell/) and tested without Electron. Hardening: context isolation, sandbox,
// no Node in the page, no DevTools when packaged, the page served from
// app://desk/ with the same CSP header and meta as the desk host, navigation/
// frame navigation/new windows/webviews/downloads/permissions/device choosers
// denied, external links opened only as the URL parser's own href, one
// instance, the bridge answering only the app's own top frame, and the
// embedded central service in a utility process, never in this one.
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { join } from 'node:path';
import { externalUrlToOpen, parseAllowedHosts } from './external-links';
import { registerBridgeIpc } from './bridge';
import { IPC_EVENT_CHANNEL } from '#shared/bridge/names';
import { isBlockedKioskKey, settingsFromEnv, startDeskRuntime, type DeskRuntime } from './desk-runtime';
import { utilityServiceFork } from './shell/utility-fork';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolResponse, isTrustedAppFrame } from './shell/app-protocol';
import { applicationMenuFor, windowOptionsFor, type MenuItemTemplate } from './shell/window-options';
import { hardenContents, hardenSession } from './shell/harden';
import { headerCsp } from './desk-host/csp';
import type { DeskRole } from '#shared/bridge';

const devUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);
const rendererDir = join(__dirname, '../renderer');
const externalHosts = parseAllowedHosts(process.env['RELAY_EXTERNAL_HOSTS']);

let mainWindow: BrowserWindow | null = null;
let runtime: DeskRuntime | null = null;

// Before 'ready': a standard, secure scheme gives the page a real origin (storage, relative URLs).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

function openExternal(raw: string): void {
  // The parsed href, never the raw string: what the OS opens is what was checked.
  const url = externalUrlToOpen(raw, externalHosts);
  if (url) void shell.openExternal(url);
}

function applyMenu(role: DeskRole): void {
  const menu = applicationMenuFor(role, app.isPackaged);
  if (menu === 'default') return;
  Menu.setApplicationMenu(menu === null ? null : Menu.buildFromTemplate(menu as Array<MenuItemTemplate & Electron.MenuItemConstructorOptions>));
}

function createWindow(role: DeskRole): void {
  // A kiosk: full screen kiosk mode, no menu, no dev tools, no browser shortcuts (see desk-runtime/kiosk-window.ts).
  applyMenu(role);
  const win = new BrowserWindow(windowOptionsFor(role, { packaged: app.isPackaged, preload: join(__dirname, '../preload/index.js') }));
  mainWindow = win;
  if (role === 'kiosk') {
    win.removeMenu();
    win.webContents.on('before-input-event', (event, input) => {
      if (isBlockedKioskKey(input)) event.preventDefault();
    });
    win.webContents.on('context-menu', (event) => event.preventDefault());
  }
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devUrl ?? APP_ENTRY_URL);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);

  const parsed = settingsFromEnv(process.env, join(app.getPath('userData'), 'desk'));
  if (!parsed.ok) {
    console.error(parsed.message);
    app.exit(2);
    return;
  }
  // The embedded service runs in a utility process (out/main/service.js), never in this one.
  const forkService = utilityServiceFork({ fork: (path, args, options) => utilityProcess.fork(path, args, options), entry: join(__dirname, 'service.js') });
  runtime = await startDeskRuntime({ settings: parsed.settings, forkService });
  const rt = runtime;
  // connect-src: this desk's central service only (the bridge is IPC here, not a socket).
  const csp = headerCsp([rt.config().serviceUrl]);
  protocol.handle(APP_SCHEME, async (request) => {
    const answer = await appProtocolResponse(request.url, request.method, rendererDir, csp);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  });
  registerBridgeIpc(ipcMain, {
    dispatch: rt.dispatch,
    isTrusted: (event) => {
      const frame = event.senderFrame;
      const win = mainWindow;
      return !!frame && !!win && event.sender === win.webContents && isTrustedAppFrame({ url: frame.url, isTopFrame: frame.parent === null }, devUrl);
    },
  });
  rt.events.subscribe((event, payload) => {
    const win = mainWindow;
    if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, event, payload);
  });
  createWindow(rt.config().role);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, { openExternal, packaged: app.isPackaged }));
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  void app.whenReady().then(start).catch((error: unknown) => {
    console.error('Relay Desk failed to start', error);
    app.exit(1);
  });
  app.on('window-all-closed', () => app.quit());
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !runtime) return;
    // Give the embedded service and the devices a clean stop before the process ends.
    event.preventDefault();
    stopped = true;
    void runtime.stop().finally(() => app.quit());
  });
}

// Electron shell: with src/preload/index.ts the only file that imports
// 'electron'. Everything else is plain Node (desk-runtime, bridge, devices)
// and tested without Electron. Hardening: context isolation, sandbox, no
// Node in the page, the CSP in index.html, navigation/new windows/webviews/
// permissions denied, external links opened only after a URL-parser check,
// one instance, and the bridge answering only the app's own top frame.
import { app, BrowserWindow, ipcMain, Menu, session, shell, utilityProcess, type WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAllowedExternalUrl, parseAllowedHosts } from './external-links';
import { isTrustedSender, registerBridgeIpc, type AppOrigin } from './bridge';
import { IPC_EVENT_CHANNEL } from '../shared/bridge/names';
import { isBlockedKioskKey, settingsFromEnv, startDeskRuntime, windowChromeFor, type DeskRuntime } from './desk-runtime';
import { utilityServiceFork } from './shell/utility-fork';
import type { DeskRole } from '../shared/bridge';

const devUrl = process.env['ELECTRON_RENDERER_URL'] ?? null;
const rendererFile = join(__dirname, '../renderer/index.html');
const appOrigin: AppOrigin = { devUrl: app.isPackaged ? null : devUrl, fileUrl: pathToFileURL(rendererFile).href };
const externalHosts = parseAllowedHosts(process.env['RELAY_EXTERNAL_HOSTS']);

let mainWindow: BrowserWindow | null = null;
let runtime: DeskRuntime | null = null;

function openExternal(url: string): void {
  if (isAllowedExternalUrl(url, externalHosts)) void shell.openExternal(url);
}

function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function createWindow(role: DeskRole): void {
  // A kiosk: full screen kiosk mode, no menu, no dev tools, no browser shortcuts (see desk-runtime/kiosk-window.ts).
  const chrome = windowChromeFor(role);
  if (chrome.removeMenu) Menu.setApplicationMenu(null);
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    kiosk: chrome.kiosk,
    fullscreen: chrome.fullscreen,
    autoHideMenuBar: chrome.autoHideMenuBar,
    webPreferences: {
      devTools: chrome.devTools,
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
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
  if (appOrigin.devUrl) void win.loadURL(appOrigin.devUrl);
  else void win.loadFile(rendererFile);
}

async function start(): Promise<void> {
  // Nothing in the desk needs a browser permission (camera, notifications, geolocation…).
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

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
  registerBridgeIpc(ipcMain, {
    dispatch: rt.dispatch,
    isTrusted: (event) => {
      const frame = event.senderFrame;
      const win = mainWindow;
      return !!frame && !!win && event.sender === win.webContents && isTrustedSender({ url: frame.url, isTopFrame: frame.parent === null }, appOrigin);
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
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
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

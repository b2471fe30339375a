// The BrowserWindow's options and the application menu, by role and by
// whether the app is packaged. A packaged build has no DevTools at all
// (webPreferences.devTools false, no menu item or shortcut that opens them):
// anyone at the desk's keyboard could otherwise read the device token through
// the preload API. A kiosk has none in any build (desk-runtime/kiosk-window.ts).
import type { DeskRole } from '#shared/bridge';
import { windowChromeFor, type KeyInput } from '../desk-runtime/kiosk-window';

export interface WindowOptions {
  width: number;
  height: number;
  show: false;
  kiosk: boolean;
  fullscreen: boolean;
  autoHideMenuBar: boolean;
  webPreferences: {
    devTools: boolean;
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    experimentalFeatures: false;
    disableBlinkFeatures: 'Auxclick';
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: false;
  };
}

export function windowOptionsFor(role: DeskRole, opts: { packaged: boolean; preload: string }): WindowOptions {
  const chrome = windowChromeFor(role, opts.packaged);
  return {
    width: 1280,
    height: 800,
    show: false,
    kiosk: chrome.kiosk,
    fullscreen: chrome.fullscreen,
    autoHideMenuBar: chrome.autoHideMenuBar,
    webPreferences: {
      devTools: chrome.devTools,
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A middle click must not open anything (new windows are denied anyway; this removes the event itself).
      disableBlinkFeatures: 'Auxclick',
      // A file dropped on the window must not replace the desk with it.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** A menu item as Electron's Menu.buildFromTemplate takes it (the subset used here). */
export interface MenuItemTemplate {
  label?: string;
  role?: string;
  type?: 'separator';
  submenu?: MenuItemTemplate[];
}

/**
 * The application menu: null removes it (a kiosk, where every accelerator must go),
 * 'default' keeps Electron's (development: reload and DevTools are useful there),
 * or a template for a packaged staff desk: editing, zoom and window items, and
 * nothing that reloads the page or opens DevTools.
 */
export function applicationMenuFor(role: DeskRole, packaged: boolean): MenuItemTemplate[] | 'default' | null {
  if (windowChromeFor(role, packaged).removeMenu) return null;
  if (!packaged) return 'default';
  return [
    { label: '編輯 Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: '檢視 View', submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: '視窗 Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
}

/** Menu roles that reload the page or open DevTools; never in a packaged menu. */
export const FORBIDDEN_MENU_ROLES: ReadonlySet<string> = new Set(['toggleDevTools', 'toggledevtools', 'reload', 'forceReload', 'forcereload']);

/** DevTools and reload shortcuts, swallowed in a packaged build whatever the menu says (F12, Ctrl/Cmd+Shift+I/J/C, Cmd+Alt+I, Ctrl+R, F5). */
export function isDevToolsKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (input.key === 'F12' || input.key === 'F5') return true;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  const mod = input.control || input.meta;
  if (mod && (input.shift || input.alt) && (key === 'i' || key === 'j' || key === 'c')) return true;
  return mod && key === 'r';
}

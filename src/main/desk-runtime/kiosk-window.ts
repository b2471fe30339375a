// How the Electron window looks and what keys it lets through, by role. A
// kiosk stands in a public hall: full screen with no way out (kiosk mode, no
// menu, no dev tools) and none of the browser shortcuts that reload, zoom,
// print, open tools or close the window. Kept here, as plain data and a pure
// function, so src/main/index.ts only applies it and the rules are tested
// without the Electron binary.
import type { DeskRole } from '#shared/bridge';

export interface WindowChrome {
  /** Electron's kiosk mode: full screen, no window frame, cannot be left with the usual keys. */
  readonly kiosk: boolean;
  readonly fullscreen: boolean;
  readonly autoHideMenuBar: boolean;
  /** Remove the application menu (and with it every menu accelerator). */
  readonly removeMenu: boolean;
  readonly devTools: boolean;
}

/** `packaged` (app.isPackaged): a packaged build has no DevTools in any role. */
export function windowChromeFor(role: DeskRole, packaged = false): WindowChrome {
  if (role === 'kiosk') return { kiosk: true, fullscreen: true, autoHideMenuBar: true, removeMenu: true, devTools: false };
  return { kiosk: false, fullscreen: false, autoHideMenuBar: false, removeMenu: false, devTools: !packaged };
}

/** The fields of Electron's before-input-event Input that matter here. */
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

// Letters that, with Ctrl or Cmd, reload, print, save, open, find, close or quit.
const BLOCKED_WITH_MODIFIER = new Set(['r', 'p', 's', 'o', 'f', 'w', 'q', 'n', 't', 'u', 'j', 'h', 'l', 'g', '+', '-', '=', '0']);
const BLOCKED_PLAIN = new Set(['F5', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome']);

/** True for a key press a kiosk must swallow; a scanner's digits, letters and Enter pass. */
export function isBlockedKioskKey(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (BLOCKED_PLAIN.has(input.key)) return true;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if ((input.control || input.meta) && (BLOCKED_WITH_MODIFIER.has(key) || (input.shift && (key === 'i' || key === 'c')))) return true;
  // Alt+Left/Right navigate back and forward; Alt+F4 closes the window.
  if (input.alt && (key === 'ArrowLeft' || key === 'ArrowRight' || key === 'F4' || key === 'Home')) return true;
  return false;
}

// getBridge(): the one way the UI reaches devices and desk settings. Under
// Electron it is the preload's window.relay; in a browser (npm run start:web)
// it is a WebSocket to the desk host that served the page, authenticated with
// the token from the URL fragment.
import type { Bridge, RelayPreloadApi } from '#shared/bridge/contract';
import { bridgeError } from '#shared/bridge/errors';
import { BRIDGE_PATH } from '#shared/bridge/framing';
import { BridgeCallError } from './errors';
import { bridgeFromPreload } from './ipc-bridge';
import { createWsBridge, type WsBridge } from './ws-client';

export { BridgeCallError } from './errors';
export { bridgeFromPreload } from './ipc-bridge';
export { createWsBridge, type ConnectionState, type WebSocketFactory, type WebSocketLike, type WsBridge } from './ws-client';

const TOKEN_KEY = 'relay.deskHostToken';

declare global {
  interface Window {
    relay?: RelayPreloadApi;
  }
}

/** The token from #token=… (then removed from the address bar, kept for reloads in this tab only). */
export function takeTokenFromLocation(): string | null {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromHash);
      params.delete('token');
      const rest = params.toString();
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
    } catch {
      // Storage may be disabled; the token still works for this page load.
    }
    return fromHash;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

let cached: Promise<Bridge> | null = null;
let wsBridge: WsBridge | null = null;

/** The WebSocket connection state (null under Electron), for a "reconnecting…" banner. */
export function deskHostConnection(): WsBridge | null {
  return wsBridge;
}

export function getBridge(): Promise<Bridge> {
  cached ??= (async () => {
    if (window.relay) return bridgeFromPreload(window.relay);
    const token = takeTokenFromLocation();
    if (!token) throw new BridgeCallError(bridgeError('UNAUTHORIZED', 'This page has no desk token. Open the URL that `npm run start:web` printed.'));
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    wsBridge = createWsBridge({
      url: `${scheme}//${window.location.host}${BRIDGE_PATH}`,
      token,
      createSocket: (url, protocols) => new WebSocket(url, protocols) as unknown as ReturnType<Parameters<typeof createWsBridge>[0]['createSocket']>,
    });
    await wsBridge.ready();
    return wsBridge.bridge;
  })();
  // A refused token should not be cached forever: a new URL with a new token may follow.
  cached.catch(() => {
    cached = null;
    wsBridge = null;
  });
  return cached;
}

// Which IPC senders may use the bridge: only the app's own top frame, loaded
// from the app's own origin (the dev server in development, the built
// index.html file otherwise). An iframe or a page the window was somehow
// navigated to gets FORBIDDEN_SENDER.

export interface AppOrigin {
  /** ELECTRON_RENDERER_URL in development (http://localhost:5173/…), else null. */
  readonly devUrl: string | null;
  /** file: URL of the built renderer's index.html. */
  readonly fileUrl: string;
}

export interface SenderFacts {
  readonly url: string;
  readonly isTopFrame: boolean;
}

export function isTrustedSender(sender: SenderFacts, app: AppOrigin): boolean {
  if (!sender.isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return false;
  }
  if (app.devUrl) {
    try {
      const dev = new URL(app.devUrl);
      if (dev.protocol === 'http:' || dev.protocol === 'https:') return url.origin === dev.origin;
    } catch {
      return false;
    }
    return false;
  }
  let expected: URL;
  try {
    expected = new URL(app.fileUrl);
  } catch {
    return false;
  }
  // file: URLs have an opaque origin, so compare the document path itself.
  return url.protocol === 'file:' && expected.protocol === 'file:' && url.host === expected.host && decodeURIComponent(url.pathname) === decodeURIComponent(expected.pathname);
}

// The renderer's Content-Security-Policy. The same text is in the <meta> of
// src/renderer/index.html (a unit test keeps the two equal); the desk host
// also sends it as a header, where frame-ancestors is honoured as well.
export const RENDERER_CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:* ws://127.0.0.1:*; img-src 'self' data:; style-src 'self' 'unsafe-inline'";

export const DESK_HOST_CSP = `${RENDERER_CSP}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'`;

/** Headers on every desk-host response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DESK_HOST_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The token travels in the URL fragment, which browsers never send; no referrer at all is simpler still.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

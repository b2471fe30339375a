// External links leave the app only as https to a host on the allow list, or
// as mailto to one address at such a host, decided with a real URL parser:
// string prefixes are fooled by userinfo tricks (https://good.example@evil.example/),
// backslashes, odd ports and look-alike suffixes (good.example.evil.example).
// What is opened is the parser's own serialisation (url.href), never the raw
// string: the OS handler must see exactly what was checked. Anything the
// parser would silently repair — leading or trailing spaces, tabs, newlines,
// other control characters, backslashes — is refused rather than repaired.
const DEFAULT_ALLOWED_HOSTS: ReadonlySet<string> = new Set<string>();
const MAX_URL_LENGTH = 2048;
const MAILTO_FIELDS = new Set(['subject', 'body']);
const MAILTO_ADDRESS = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([A-Za-z0-9.-]+)$/;

/** The URL to hand to shell.openExternal (the parsed href), or null when the link must not leave the app. */
export function externalUrlToOpen(raw: unknown, allowedHosts: ReadonlySet<string> = DEFAULT_ALLOWED_HOSTS): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  for (const ch of raw) {
    const c = ch.codePointAt(0)!;
    // C0 controls, space, DEL, C1 controls and the Unicode spaces the parser or an OS handler may trim or fold.
    if (c <= 0x20 || (c >= 0x7f && c <= 0xa0) || ch === '\\' || /\s/u.test(ch)) return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') {
    if (url.username !== '' || url.password !== '' || url.port !== '') return null;
    return allowedHosts.has(url.hostname.toLowerCase()) ? url.href : null;
  }
  if (url.protocol === 'mailto:') {
    let address: string;
    try {
      address = decodeURIComponent(url.pathname);
    } catch {
      return null;
    }
    // One plain address (no list, no encoded extras) at an allowed host; only subject and body as fields.
    const m = MAILTO_ADDRESS.exec(address);
    if (!m || !allowedHosts.has(m[1]!.toLowerCase())) return null;
    for (const key of url.searchParams.keys()) if (!MAILTO_FIELDS.has(key.toLowerCase())) return null;
    return url.href;
  }
  return null;
}

export function isAllowedExternalUrl(raw: unknown, allowedHosts: ReadonlySet<string> = DEFAULT_ALLOWED_HOSTS): boolean {
  return externalUrlToOpen(raw, allowedHosts) !== null;
}

/** Allowed hosts from a comma-separated setting (RELAY_EXTERNAL_HOSTS); entries that are not plain host names are dropped. */
export function parseAllowedHosts(setting: string | undefined): ReadonlySet<string> {
  const hosts = (setting ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(h));
  return new Set(hosts);
}

// External links leave the app only as https to a host on the allow list,
// decided with a real URL parser: string prefixes are fooled by userinfo
// tricks (https://good.example@evil.example/), backslashes, odd ports and
// look-alike suffixes (good.example.evil.example).
const DEFAULT_ALLOWED_HOSTS: ReadonlySet<string> = new Set<string>();
const MAX_URL_LENGTH = 2048;

export function isAllowedExternalUrl(raw: unknown, allowedHosts: ReadonlySet<string> = DEFAULT_ALLOWED_HOSTS): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return false;
  // Control characters and backslashes are normalised away by the parser; a link that needs them is not a link we open.
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || ch === '\\') return false;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  return allowedHosts.has(url.hostname.toLowerCase());
}

/** Allowed hosts from a comma-separated setting (RELAY_EXTERNAL_HOSTS); entries that are not plain host names are dropped. */
export function parseAllowedHosts(setting: string | undefined): ReadonlySet<string> {
  const hosts = (setting ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(h));
  return new Set(hosts);
}

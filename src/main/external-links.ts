// External links leave the app only as https to a host on the allow list,
// decided with a real URL parser (string prefixes are fooled by userinfo tricks).
const ALLOWED_HOSTS = new Set<string>();

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '' && ALLOWED_HOSTS.has(url.hostname);
}

// The portal's screens as hash routes (#/search, #/requests/<id>, …): the
// service serves the same page for every /portal path, and a hash survives a reload.
export type Route =
  | { name: 'search' } | { name: 'requests' } | { name: 'request'; id: string } | { name: 'account' } | { name: 'preferences' }
  | { name: 'fairs' } | { name: 'fair'; id: string } | { name: 'ebooks' }
  | { name: 'exchange'; path: string[] };

export const NAV_ROUTES = ['search', 'requests', 'account', 'preferences', 'fairs', 'ebooks', 'exchange'] as const;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  if (parts[0] === 'requests' && parts[1]) return { name: 'request', id: decodeURIComponent(parts[1]) };
  if (parts[0] === 'fairs') return parts[1] ? { name: 'fair', id: decodeURIComponent(parts[1]) } : { name: 'fairs' };
  if (parts[0] === 'ebooks') return { name: 'ebooks' };
  if (parts[0] === 'exchange') return { name: 'exchange', path: parts.slice(1) };
  if (parts[0] === 'requests' || parts[0] === 'account' || parts[0] === 'preferences') return { name: parts[0] };
  return { name: 'search' };
}

export const requestRoute = (id: string): string => `#/requests/${encodeURIComponent(id)}`;

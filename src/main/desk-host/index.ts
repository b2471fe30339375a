export { startDeskHost, CLOSE_SHUTTING_DOWN, CLOSE_TOO_SLOW, CLOSE_UNAUTHORIZED, type DeskHost, type DeskHostOptions } from './server';
export { DESK_HOST_CSP, RENDERER_CSP, SECURITY_HEADERS } from './csp';
export { resolveStaticPath, serveStatic } from './static-files';

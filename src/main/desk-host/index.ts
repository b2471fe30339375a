export { startDeskHost, CLOSE_SHUTTING_DOWN, CLOSE_TOO_SLOW, CLOSE_UNAUTHORIZED, type DeskHost, type DeskHostOptions } from './server';
export { DESK_HOST_CSP, LOOPBACK_CONNECT_SOURCES, RENDERER_CSP, SECURITY_HEADERS, connectSource, headerCsp, rendererCsp, securityHeaders, withDevServerCsp, withPageCsp } from './csp';
export { resolveStaticPath, serveStatic } from './static-files';
export { rendererResponse, type RendererResponse } from './renderer-response';

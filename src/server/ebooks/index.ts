// The consortium's cloud e-books (雲端電子書, issue 20): titles from vendors'
// lists, concurrent-copy loans with a waiting list, usage and COUNTER reports.
// startEbooks registers what is outside the portal's cookie scope
// (administrator imports, the reading-link redirect, console reports, the
// sweep timer); registerEbookPortalRoutes adds the patron routes inside it.
//
//   circulation.ts  borrow / return / waiting list / offers / sweep (row lock + CHECK on copies)
//   imports.ts      KBART (+ copies column) and COUNTER R5 → tables, all or nothing
//   read-links.ts   signed, expiring reading links → vendor's title_url
//   reports.ts      loans, reads, turn-aways beside the vendors' COUNTER counts
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FeatureContext } from '#server/http/app';
import type { Clock } from './clock';
import { openLinkSigner } from './read-links';
import { registerEbookAdminRoutes } from './routes-admin';
import { registerEbookConsoleRoutes } from './routes-console';
import { registerEbookPatronRoutes } from './routes-portal';
import { EbookService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    ebooks: EbookService;
  }
}

declare module '#server/http/app' {
  interface AppOptions {
    /** The e-books' clock for an app built in code (tests); default the system clock. */
    ebooksClock?: Clock;
  }
}

const services = new WeakMap<FeatureContext, EbookService>();

function serviceFor(app: FastifyInstance, c: FeatureContext): EbookService {
  let s = services.get(c);
  if (!s) {
    const log = app.log.child({ feature: 'ebooks' });
    const signer = openLinkSigner(c.db, { envSecret: process.env['EBOOK_LINK_SECRET'] || undefined, cardKeySecret: c.options.cardKeySecret ?? (process.env['CARD_KEY_SECRET'] || undefined) });
    signer.catch((err: unknown) => log.error({ err }, 'e-book reading-link secret unavailable'));
    s = new EbookService(c.db, signer, c.options.ebooksClock, (err) => log.warn({ err }, 'e-book sweep failed (retried at the next tick)'));
    services.set(c, s);
  }
  return s;
}

/** The base of the links handed out: PUBLIC_URL when set, else the address the request came to. */
const baseOf = (c: FeatureContext) => (req: FastifyRequest): string => {
  const configured = c.options.publicUrl ?? (process.env['PUBLIC_URL'] || undefined);
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
};

export function startEbooks(app: FastifyInstance, c: FeatureContext): void {
  const ebooks = serviceFor(app, c);
  app.decorate('ebooks', ebooks);
  registerEbookAdminRoutes(app, ebooks, c.requireAdmin);
  registerEbookConsoleRoutes(app, c.db, () => ebooks.clock);
  app.addHook('onReady', async () => ebooks.start());
  app.addHook('onClose', async () => ebooks.stop());
}

/** Patron routes under /portal/api/ebooks, inside the portal's cookie scope (`signedIn` sets the patron and checks CSRF). */
export function registerEbookPortalRoutes(scope: FastifyInstance, c: FeatureContext, signedIn: (req: FastifyRequest) => Promise<void>): void {
  registerEbookPatronRoutes(scope, serviceFor(scope, c), signedIn, baseOf(c));
}

// Patron notices (issue 16): queued durably, sent once over SMTP.
//
// Event log → consumer.ts (derive.ts) → notices table ← sweep.ts (time)
//                                           ↓
//                                      sender.ts → SMTP (mailer.ts, templates.ts)
//
// The running NoticeService is reachable as `app.notices` so tests and the
// bench can consume, sweep and drain deterministically.
import type { FastifyInstance } from 'fastify';
import type { FeatureContext } from '#server/http/app';
import { registerNoticeRoutes } from './routes';
import { NoticeService } from './service';
import { resolveSettings, type NoticeSettings } from './settings';

declare module 'fastify' {
  interface FastifyInstance {
    notices: NoticeService;
  }
}

declare module '#server/http/app' {
  interface AppOptions {
    /** Notice settings for an app built in code; unset fields come from the environment (settings.ts). */
    notices?: Partial<NoticeSettings>;
  }
}

export function startNotices(app: FastifyInstance, c: FeatureContext): NoticeService {
  const settings = resolveSettings(c.options.notices);
  const log = app.log.child({ feature: 'notices' });
  const notices = new NoticeService(c.db, settings, {
    error: (o, m) => log.error(o, m),
    warn: (o, m) => log.warn(o, m),
    info: (o, m) => log.info(o, m),
  });
  app.decorate('notices', notices);
  app.addHook('onReady', async () => notices.start());
  app.addHook('onClose', async () => notices.stop());
  registerNoticeRoutes(app, c.db, notices, { requireAdmin: c.requireAdmin, requireDevice: c.requireDevice });
  return notices;
}

export type { NoticeService } from './service';
export type { NoticeSettings } from './settings';

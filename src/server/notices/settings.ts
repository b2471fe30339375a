// The notices' settings: where mail goes and how often each loop runs. From
// AppOptions.notices when the app is built in code (tests, the bench), else
// from the environment (the CLI's `serve`).
import type { BackoffOptions } from '#shared/backoff';

export interface NoticeSettings {
  /** smtp://host:port or smtps://user:pass@host:port; null = no SMTP: notices stay queued (never lost). */
  smtpUrl: string | null;
  /** The From address when a library has no sender of its own. */
  defaultFrom: string;
  /** Right-hand side of every Message-ID (fixed, so a resent notice keeps its id). */
  messageIdDomain: string;
  /** How often the consumer looks at the event log without a NOTIFY (ms). */
  consumerPollMs: number;
  /** How often the time-based sweep runs (pickup reminders, due soon, overdue) (ms). */
  sweepMs: number;
  /** How often the sender looks for queued notices (retries fall due) (ms). */
  sendPollMs: number;
  /**
   * A claimed notice not marked sent by then is claimed again (its process is taken to be dead) (ms).
   * Keep it above three SMTP timeouts (connect, greeting, socket): a send must finish inside its lease.
   */
  leaseMs: number;
  /** Attempts before a notice is 'failed'. */
  maxAttempts: number;
  retryBackoff: BackoffOptions;
  /** Notices claimed per round, and SMTP connections used at once. */
  batchSize: number;
  connections: number;
  /** Days before pickupBy for the reminder; before the due date for due_soon. */
  pickupReminderDays: number;
  dueSoonDays: number;
  /** An overdue notice is sent the day after the due date, or up to this many days later if the service was down. */
  overdueCatchUpDays: number;
  /** SMTP socket timeouts (ms): a hung server must fail well inside the lease. */
  smtpTimeoutMs: number;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  smtpUrl: null,
  defaultFrom: 'noreply@relay-desk.invalid',
  messageIdDomain: 'notices.relay-desk.invalid',
  consumerPollMs: 5_000,
  sweepMs: 15 * 60_000,
  sendPollMs: 5_000,
  leaseMs: 120_000,
  maxAttempts: 6,
  retryBackoff: { initialMs: 30_000, maxMs: 30 * 60_000, factor: 2, jitter: 0.2 },
  batchSize: 50,
  connections: 4,
  pickupReminderDays: 2,
  dueSoonDays: 3,
  overdueCatchUpDays: 7,
  smtpTimeoutMs: 30_000,
};

const num = (env: NodeJS.ProcessEnv, key: string): number | undefined => {
  const raw = env[key];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${key} must be a non-negative number, not "${raw}"`);
  return n;
};

/** Settings from the environment: SMTP_URL, NOTICES_FROM, NOTICES_* intervals. Unset keys keep their defaults. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<NoticeSettings> {
  const s: Partial<NoticeSettings> = {};
  if (env['SMTP_URL']) s.smtpUrl = env['SMTP_URL'];
  if (env['NOTICES_FROM']) s.defaultFrom = env['NOTICES_FROM'];
  if (env['NOTICES_MESSAGE_ID_DOMAIN']) s.messageIdDomain = env['NOTICES_MESSAGE_ID_DOMAIN'];
  const pairs: Array<[keyof NoticeSettings, string]> = [
    ['consumerPollMs', 'NOTICES_CONSUMER_POLL_MS'], ['sweepMs', 'NOTICES_SWEEP_MS'], ['sendPollMs', 'NOTICES_SEND_POLL_MS'],
    ['leaseMs', 'NOTICES_LEASE_MS'], ['maxAttempts', 'NOTICES_MAX_ATTEMPTS'], ['batchSize', 'NOTICES_BATCH_SIZE'],
    ['connections', 'NOTICES_SMTP_CONNECTIONS'], ['smtpTimeoutMs', 'NOTICES_SMTP_TIMEOUT_MS'],
  ];
  for (const [field, key] of pairs) {
    const n = num(env, key);
    if (n !== undefined) (s as Record<string, number>)[field] = n;
  }
  const retryMs = num(env, 'NOTICES_RETRY_MS');
  if (retryMs !== undefined) s.retryBackoff = { initialMs: retryMs, maxMs: Math.max(retryMs, retryMs * 16), factor: 2, jitter: 0 };
  return s;
}

export function resolveSettings(fromOptions: Partial<NoticeSettings> | undefined, env: NodeJS.ProcessEnv = process.env): NoticeSettings {
  const s = { ...DEFAULT_NOTICE_SETTINGS, ...settingsFromEnv(env), ...(fromOptions ?? {}) };
  s.batchSize = Math.max(1, Math.floor(s.batchSize));
  s.connections = Math.max(1, Math.floor(s.connections));
  s.maxAttempts = Math.max(1, Math.floor(s.maxAttempts));
  // A lease shorter than a slow send would let a second process send the same notice while the first still waits.
  if (s.smtpUrl && s.leaseMs < 3 * s.smtpTimeoutMs) s.smtpTimeoutMs = Math.max(1000, Math.floor(s.leaseMs / 3));
  return s;
}

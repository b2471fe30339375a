// Mail over SMTP (nodemailer) and what one notice's message looks like.
// Plain text only: nothing a patron or template wrote is put into HTML.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { NoticeSettings } from './settings';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  messageId: string;
  kind: string;
}

/** What sends one message; resolves once the SMTP server accepted it (250), rejects otherwise. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * The Message-ID a notice always has, derived from its dedupe key: if a notice
 * is ever delivered twice (a process killed between the server's 250 and the
 * database update), the receiving system can see both are one message.
 */
export function messageIdFor(dedupeKey: string, domain: string): string {
  return `<notice.${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export function smtpTransport(s: Pick<NoticeSettings, 'smtpUrl' | 'connections' | 'smtpTimeoutMs'>): MailTransport | null {
  if (!s.smtpUrl) return null;
  const transporter = nodemailer.createTransport({
    url: s.smtpUrl,
    pool: true,
    maxConnections: s.connections,
    maxMessages: 500,
    connectionTimeout: s.smtpTimeoutMs,
    greetingTimeout: s.smtpTimeoutMs,
    socketTimeout: s.smtpTimeoutMs,
    // Never log messages or addresses.
    logger: false,
    debug: false,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: { name: mail.from.name, address: mail.from.address },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Relay-Notice': mail.kind },
      });
    },
    close: () => transporter.close(),
  };
}

const ADDRESS_RE = /[^\s<>()"',;:]+@[^\s<>()"',;:]+/g;

/** An SMTP error as it may be stored and logged: addresses (the server often echoes the recipient) blanked, length capped. */
export function describeSmtpError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [
    typeof e.code === 'string' ? e.code : null,
    typeof e.responseCode === 'number' ? String(e.responseCode) : null,
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(err),
  ].filter((p): p is string => p !== null);
  return parts.join(' ').replace(ADDRESS_RE, '<address>').replace(/[\r\n]+/g, ' ').slice(0, 300);
}

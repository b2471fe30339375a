// The lines a SIP2 connection received, and the one request waiting for the
// next of them: SIP2 has one request in flight at a time, so one waiter.
import { Sip2ClientError } from './errors';

interface LineWaiter {
  resolve(line: Buffer): void;
  reject(error: Sip2ClientError): void;
}

export class ReplyInbox {
  private readonly lines: Buffer[] = [];
  private waiter: LineWaiter | null = null;

  /** A received line: to the waiting request, or kept for the next one. */
  deliver(line: Buffer): void {
    const waiter = this.waiter;
    if (waiter !== null) {
      this.waiter = null;
      waiter.resolve(line);
    } else {
      this.lines.push(line);
    }
  }

  /** The waiting request fails (connection lost, oversized line, client closed). */
  fail(error: Sip2ClientError): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  /** Takes every kept line (unsolicited before a request, or stale after a reconnect). */
  clear(): Buffer[] {
    return this.lines.splice(0);
  }

  /** The next line, by `deadline` (epoch ms); `timedOut` makes the error (and may drop the connection). */
  next(deadline: number, connected: boolean, timedOut: () => Sip2ClientError): Promise<Buffer> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (!connected) return Promise.reject(new Sip2ClientError('CONNECTION_LOST', 'connection closed while waiting for a reply'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.waiter !== waiter) return;
        this.waiter = null;
        reject(timedOut());
      }, Math.max(0, deadline - Date.now()));
      const waiter: LineWaiter = {
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiter = waiter;
    });
  }
}

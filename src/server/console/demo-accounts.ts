// Demo console accounts (only with --demo, into a new database): the
// consortium office and NKUST's library administrator. The passwords are in
// the README; they exist to try the console, never in a real deployment.
import type { Database } from '#server/db/database';
import { createAccount } from './accounts';

export const DEMO_CONSOLE_ACCOUNTS = [
  { username: 'office', displayName: '聯盟辦公室 Consortium office', role: 'office', libraryId: null, password: 'relay-office-demo' },
  { username: 'nkust-admin', displayName: '高科大圖書館 NKUST library', role: 'library', libraryId: 'NKUST', password: 'relay-nkust-demo' },
] as const;

export async function seedDemoConsoleAccounts(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const a of DEMO_CONSOLE_ACCOUNTS) await createAccount(tx, { ...a, totp: false });
  });
}

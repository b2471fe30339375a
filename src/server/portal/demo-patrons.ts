// Demo portal sign-ins (only with --demo, into a new database): patrons of
// libraries without a SIP2 sign-in, with a password the consortium keeps.
// The credentials are in the README; they exist to try the portal, never in a
// real deployment. The account is the patron's card number in the demo data
// (demoBarcode in src/server/demo/demo.ts; written out, since demo.ts imports this module).
import type { Database } from '#server/db/database';
import { setPortalPassword } from './routes-admin';

export const DEMO_PORTAL_PATRONS = [
  // 陳怡君 of NKUST: a loan, a waiting hold and requests in several states.
  { patronId: 'p-nkust-1', libraryId: 'NKUST', account: '21021000102310', password: 'relay-patron-demo' },
  // 王俊傑 of NPTU: a virtual card for NKUST and a request that has arrived.
  { patronId: 'p-nptu-1', libraryId: 'NPTU', account: '21302000201140', password: 'relay-patron-demo' },
] as const;

export async function seedDemoPortalPatrons(db: Database): Promise<void> {
  for (const p of DEMO_PORTAL_PATRONS) await setPortalPassword(db, p.patronId, p.password);
}

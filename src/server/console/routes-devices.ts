// Devices and pairing codes through the console, scoped to the caller's
// school. The work is done by auth.ts's own functions; those take the
// Database (not a transaction handle), so the audit entry is written right
// after the change rather than in its transaction.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '#server/db/database';
import { ApiError } from '#server/http/errors';
import { allowOnly, requireObject } from '#server/http/input';
import { createPairingCode, listDevices, revokeDevice } from '#server/pairing/auth';
import { announceRevocation } from '#server/records/records-repo';
import { writeAudit } from './audit';
import { accountOf, actorOf, schoolFor } from './guard';
import { recordOf } from './console-events';

type Guard = (req: FastifyRequest) => Promise<void>;

export function registerDeviceRoutes(app: FastifyInstance, db: Database, signedIn: Guard): void {
  app.register(async (r) => {
    r.addHook('preHandler', signedIn);

    r.get('/console/api/devices', async (req) => {
      const q = req.query as Record<string, unknown>;
      const school = schoolFor(accountOf(req), typeof q['library'] === 'string' && q['library'] ? q['library'] : null);
      return { devices: (await listDevices(db)).filter((d) => school === null || d.libraryId === school) };
    });

    r.post('/console/api/pairing-codes', async (req) => {
      const me = accountOf(req);
      const body = allowOnly(requireObject(req.body), ['libraryId', 'role']);
      const libraryId = typeof body['libraryId'] === 'string' ? body['libraryId'] : '';
      schoolFor(me, libraryId);
      const role = body['role'] ?? 'staff';
      if (role !== 'staff' && role !== 'kiosk') throw new ApiError(400, 'VALIDATION_FAILED', '/role: staff or kiosk');
      const lib = /^[A-Z][A-Z0-9]{1,15}$/.test(libraryId) ? await recordOf<{ active: boolean }>(db, 'libraries', libraryId) : null;
      if (!lib) throw new ApiError(422, 'UNKNOWN_LIBRARY', `There is no library ${libraryId.slice(0, 16)}.`);
      if (!lib.active) throw new ApiError(422, 'LIBRARY_INACTIVE', `${libraryId} has left the consortium.`);
      const made = await createPairingCode(db, libraryId, role);
      await writeAudit(db, actorOf(me), { libraryId, action: 'pairing_code.created', target: libraryId, after: { role, expiresAt: made.expiresAt } });
      return made;
    });

    r.post('/console/api/devices/:id/revoke', async (req) => {
      const me = accountOf(req);
      const id = (req.params as { id: string }).id;
      const device = (await listDevices(db)).find((d) => d.id === id);
      // Another school's device is answered like a missing one: nothing leaks across schools.
      if (!device || (me.role === 'library' && device.libraryId !== me.libraryId)) throw new ApiError(404, 'UNKNOWN_DEVICE', 'There is no such device.');
      const revoked = await revokeDevice(db, id);
      if (revoked) {
        await announceRevocation(db, id);
        await writeAudit(db, actorOf(me), { libraryId: device.libraryId, action: 'device.revoked', target: id, before: device });
      }
      return { revoked };
    });
  });
}

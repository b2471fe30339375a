// The shapes of the access rules each feature declares for its collections
// and event types; ../access.ts composes them into the tables the service
// enforces and the desk uses to hide what its role cannot do.
import type { EventType } from '../events';

export type DeviceRole = 'staff' | 'kiosk';

/** Who may record an event type: device roles, the administrator (CLI, admin API) or the service itself. */
export type Recorder = readonly DeviceRole[] | 'admin' | 'service';
export type EventRecorders<T extends EventType> = { readonly [K in T]: Recorder };

export interface RecordScope {
  /** Readable by every paired device (the library directory, policies). */
  readonly public: boolean;
  /** Libraries whose devices may read the record. */
  readonly libraries: readonly string[];
  /** When set, only this device may read it (its own events and exceptions). */
  readonly deviceId: string | null;
}

export interface CollectionRule<D> {
  /** Device roles that replicate the collection (each record still within its scope). */
  readonly readBy: readonly DeviceRole[];
  readonly scope: (doc: D) => RecordScope;
}
export type CollectionAccess<Types> = { readonly [C in keyof Types]: CollectionRule<Types[C]> };

export const PUBLIC: RecordScope = { public: true, libraries: [], deviceId: null };

/**
 * Whether a library's devices may not read the record. A refusal about such a
 * record must be the one given for a record that does not exist, so that no
 * reason tells a library what exists in another's scope.
 */
export function hiddenFrom(scope: RecordScope, libraryId: string): boolean {
  return !scope.public && !scope.libraries.includes(libraryId);
}

/** Readable by the devices of these libraries (each named once). */
export function librariesScope(...libraries: string[]): RecordScope {
  return { public: false, libraries: [...new Set(libraries)], deviceId: null };
}

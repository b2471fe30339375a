// Application Family Identifier values used for library item security.
// Never lock an AFI that carries security state: it must change at every
// check-out and check-in.

export const LIBRARY_AFI = {
  /** ISO 28560: on shelf, the gate alarms. */
  SECURED: 0x07,
  /** ISO 28560: on loan. */
  UNSECURED: 0xc2,
} as const;

/** 3M / Bibliotheca pads use their own pair. */
export const BIBLIOTHECA_AFI = {
  SECURED: 0xd7,
  UNSECURED: 0xda,
} as const;

export type AfiSecurity = 'secured' | 'unsecured' | 'unknown';

export function afiSecurity(afi: number): AfiSecurity {
  if (afi === LIBRARY_AFI.SECURED || afi === BIBLIOTHECA_AFI.SECURED) return 'secured';
  if (afi === LIBRARY_AFI.UNSECURED || afi === BIBLIOTHECA_AFI.UNSECURED) return 'unsecured';
  return 'unknown';
}

// Wrong PINs per patron at this kiosk. In memory only: the library system
// keeps its own count too. Kept per patron (not per screen) so that scanning
// the card again does not give three fresh tries.
export const PIN_TRIES = 3;
/** How long wrong PINs count against a patron here. */
export const PIN_LOCK_MS = 15 * 60_000;

export class PinLock {
  private readonly wrongPins = new Map<string, { count: number; first: number }>();

  constructor(private readonly now: () => number) {}

  /** Tries left for the patron; wrong PINs older than PIN_LOCK_MS are forgotten. */
  triesLeft(patronId: string): number {
    const w = this.wrongPins.get(patronId);
    if (!w) return PIN_TRIES;
    if (this.now() - w.first > PIN_LOCK_MS) {
      this.wrongPins.delete(patronId);
      return PIN_TRIES;
    }
    return PIN_TRIES - w.count;
  }

  /** Count a wrong PIN; the tries left. */
  noteWrong(patronId: string): number {
    const left = this.triesLeft(patronId) - 1; // first: it forgets tries older than PIN_LOCK_MS
    this.wrongPins.set(patronId, { count: PIN_TRIES - left, first: this.wrongPins.get(patronId)?.first ?? this.now() });
    return left;
  }

  /** The right PIN: the count starts again. */
  clear(patronId: string): void {
    this.wrongPins.delete(patronId);
  }
}

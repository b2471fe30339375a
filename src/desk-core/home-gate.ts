// The desk's gate to the patron's own library system (SIP2 Patron
// Information) at checkout: asks where the library validates its patrons, and
// remembers a "no" so lending to that patron waits for a later check that
// passes. Silence (an unreachable system) lifts nothing and stops nothing: the
// desk keeps lending through an outage (home-check.ts says why).
import type { IlsPatronCheck } from '#shared/bridge/ils';
import type { ReasonCode, ReasonParams } from '#shared/domain/reasons';
import type { PatronRecord } from '#shared/domain/records';
import { homeCheckOf, type HomeCheck } from './home-check';

export type HomeValidator = (patronId: string, pin?: string) => Promise<IlsPatronCheck>;
type HomeRefusal = { ok: false; reason: ReasonCode; params: ReasonParams };

export class HomeSystemGate {
  private validate: HomeValidator | null = null;
  // Patrons the library's own system refused at this desk; lending to them waits for a new scan that passes.
  private readonly refusals = new Map<string, HomeRefusal>();

  constructor(private readonly me: string) {}

  use(validate: HomeValidator | null): void {
    this.validate = validate;
  }

  refusalFor(patronId: string): HomeRefusal | undefined {
    return this.refusals.get(patronId);
  }

  /** Asks this library's system about one of its own patrons by the (cleaned) card scanned. */
  async check(patron: PatronRecord, card: string | null, pin?: string): Promise<HomeCheck> {
    if (!this.validate || patron.homeLibraryId !== this.me || card === null) return { kind: 'off' };
    let verdict: HomeCheck;
    try {
      verdict = homeCheckOf(await this.validate(card, pin), card, pin !== undefined);
    } catch (err) {
      // The bridge itself failed (main process busy or restarting): the same as a system that does not answer.
      verdict = homeCheckOf({ reachable: false, code: 'BRIDGE', reason: err instanceof Error ? err.message : String(err), offlinePinRule: 'refuse' }, card, pin !== undefined);
    }
    if (verdict.kind === 'refused') this.refusals.set(patron.id, { ok: false, reason: verdict.reason, params: verdict.params });
    // Silence does not lift a "no" the system gave earlier at this desk; only a later "yes" does.
    else if (verdict.kind !== 'unreachable') this.refusals.delete(patron.id);
    return verdict;
  }
}

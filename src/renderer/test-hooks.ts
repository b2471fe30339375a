// Test hooks: with `testHooks=1` in the page's URL fragment
// (http://127.0.0.1:PORT/#token=…&testHooks=1) the page exposes
// window.__relayDesk = { desk, queries, tones } so Playwright specs and
// benchmarks can drive the desk core directly where the UI is not the
// subject (seeding, waiting for convergence). Production pages are opened
// without the flag and expose nothing. The flag must be read before the
// bridge takes the token out of the fragment (it keeps other parameters,
// but nothing here depends on that).
import type { Desk } from '#desk-core/desk';
import * as queries from '#desk-core/queries';
import { toneLog } from './common/sounds';

export interface RelayTestHooks {
  desk: Desk;
  queries: typeof queries;
  /** How many ok / route / problem tones played. */
  tones: typeof toneLog;
}

declare global {
  interface Window {
    __relayDesk?: RelayTestHooks;
  }
}

export function testHooksWanted(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).get('testHooks') === '1';
}

export function installTestHooks(desk: Desk): void {
  window.__relayDesk = { desk, queries, tones: toneLog };
}

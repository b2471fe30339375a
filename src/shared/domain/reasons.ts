// Why the rules refused an action, in words staff can act on. The same table
// serves the desk (instant refusal while offline) and the service (exception
// records for events it rejects after the fact). Each feature folder holds its
// own reasons; this is their union (a code given by two features is a type error).
import { COMMON_REASONS } from './kit/reasons';
import type { Lang } from './kit/reason-text';
import { LIBRARY_REASONS } from './libraries/reasons';
import { PATRON_REASONS } from './patrons/reasons';
import { REQUEST_REASONS } from './requests/reasons';
import { PARCEL_REASONS } from './parcels/reasons';
import { CIRCULATION_REASONS } from './circulation/reasons';
import { ILS_REASONS } from './ils/reasons';
import { EXCEPTION_REASONS } from './exceptions/reasons';
import { CARD_REASONS } from './cards/reasons';
import { FAIR_REASONS } from './fairs/reasons';

export type { Lang, ReasonText } from './kit/reason-text';

/** The parts, each a feature's table: joined only if no code appears twice. */
const PARTS = [
  COMMON_REASONS, LIBRARY_REASONS, PATRON_REASONS, REQUEST_REASONS, PARCEL_REASONS, CIRCULATION_REASONS, ILS_REASONS, EXCEPTION_REASONS, CARD_REASONS, FAIR_REASONS,
] as const;

type Part = (typeof PARTS)[number];
type Union<P> = P extends unknown ? keyof P : never;
/** Codes that two parts both define; `never` when the parts are disjoint. */
type Overlap<Ps extends readonly unknown[]> = Ps extends readonly [infer H, ...infer T] ? (keyof H & Union<T[number]>) | Overlap<T> : never;
type Merged = { [K in Union<Part>]: Extract<Part, Record<K, unknown>>[K] };

function join<Ps extends readonly Record<string, unknown>[]>(parts: Ps & ([Overlap<Ps>] extends [never] ? unknown : { duplicateReasonCode: Overlap<Ps> })): Merged {
  return Object.assign({}, ...parts) as Merged;
}

export const REASONS = join(PARTS);

export type ReasonCode = keyof typeof REASONS;
export type ReasonParams = Readonly<Record<string, string | number>>;

function fill(template: string, params: ReasonParams): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}

export function describeReason(code: ReasonCode, params: ReasonParams, lang: Lang): { message: string; nextStep: string } {
  const r = REASONS[code];
  return { message: fill(r.message[lang], params), nextStep: fill(r.nextStep[lang], params) };
}

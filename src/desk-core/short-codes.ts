// Scanning the short codes printed on pull slips and parcel labels (issue 17,
// codes in #shared/domain/kit/short-code). A code is resolved through the
// desk's own view — the records it holds, offline too — with an index from
// code to record ids, so a lookup is a map probe, not a walk of every record
// and a hash of each id. The index catches up lazily: on the first lookup
// after the view changed, it walks the request and parcel ids (a map probe
// each) and hashes only ids it has not seen; ids are immutable, so a code
// once computed stays right, and a record gone from the view is dropped when
// a lookup meets it.
//
// A code naming two records (a hash collision: see short-code.ts for how
// unlikely) is refused, never resolved to one of them; so is a code that is
// also an item barcode with an open request here.
import { groupShortCode, parseShortCode, shortCodeOf, type ShortCodeKind } from '#shared/domain/kit/short-code';
import type { ParcelRecord, RequestRecord } from '#shared/domain/records';
import type { OptimisticView } from './optimistic-view';
import type { ActionResult, Workflows } from './workflows';

export type CodeProblem =
  /** 18 digits shaped like a code whose check digit is wrong: mistyped or misread. */
  | 'check_digit'
  /** Two records share the number (or it is also an item barcode on an open request): acting on one would be a guess. */
  | 'ambiguous'
  /** A well-formed code that names nothing this desk holds. */
  | 'unknown'
  /** A parcel label where a pull slip or item was expected here, or the other way round (params.kind says which it is). */
  | 'wrong_kind'
  /** A title request's pull slip: any copy will do, so the copy itself must be scanned (it is bound at packing). */
  | 'title_needs_copy'
  /** A parcel label of another library's parcel at Dispatch (an incoming one belongs at Receive). */
  | 'not_our_parcel';

export interface CodeRefusal {
  readonly ok: false;
  readonly codeProblem: CodeProblem;
  /** `code` grouped as printed; `kind` the kind of the code scanned. */
  readonly params: Readonly<Record<string, string>>;
}

export type CodeLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'refused'; readonly refusal: CodeRefusal }
  | { readonly kind: 'request'; readonly code: string; readonly request: RequestRecord }
  | { readonly kind: 'parcel'; readonly code: string; readonly parcel: ParcelRecord };

const refusal = (codeProblem: CodeProblem, code: string, extra: Record<string, string> = {}): CodeRefusal => ({ ok: false, codeProblem, params: { code: groupShortCode(code), ...extra } });

export class ShortCodeIndex {
  private readonly ids: Record<ShortCodeKind, Map<string, string[]>> = { request: new Map(), parcel: new Map() };
  private readonly known: Record<ShortCodeKind, Set<string>> = { request: new Set(), parcel: new Set() };
  private seenVersion = -1;

  /** `codeOf` is replaceable only so a test can make two ids share a code (a real collision is too rare to find). */
  constructor(
    private readonly view: OptimisticView,
    private readonly codeOf: (kind: ShortCodeKind, id: string) => string = shortCodeOf,
  ) {}

  private catchUp(): void {
    if (this.seenVersion === this.view.version) return;
    this.seenVersion = this.view.version;
    const reader = this.view.reader;
    for (const r of reader.values('requests')) this.add('request', r.id);
    for (const p of reader.values('parcels')) this.add('parcel', p.id);
  }

  private add(kind: ShortCodeKind, id: string): void {
    if (this.known[kind].has(id)) return;
    this.known[kind].add(id);
    const code = this.codeOf(kind, id);
    const list = this.ids[kind].get(code);
    if (list) list.push(id);
    else this.ids[kind].set(code, [id]);
  }

  /** What a scanned or typed text names, if it is a short code at all ('none': treat it as an item barcode). */
  lookup(raw: string): CodeLookup {
    const parsed = parseShortCode(raw);
    // A library's own item barcode that happens to look like a code (18 digits) stays an item barcode.
    const isItem = () => this.view.reader.requestsForItem(raw.trim()).length > 0;
    if (!parsed.ok) return parsed.problem === 'check_digit' && !isItem() ? { kind: 'refused', refusal: refusal('check_digit', parsed.code) } : { kind: 'none' };
    this.catchUp();
    const collection = parsed.kind === 'request' ? 'requests' : 'parcels';
    const list = this.ids[parsed.kind].get(parsed.code) ?? [];
    const live = list.filter((id) => this.view.reader.get(collection, id) !== undefined);
    if (live.length !== list.length) {
      // Records that left the view (repair, a scope change): forget them, so they can be seen again if they return.
      for (const id of list) if (!live.includes(id)) this.known[parsed.kind].delete(id);
      if (live.length === 0) this.ids[parsed.kind].delete(parsed.code);
      else this.ids[parsed.kind].set(parsed.code, live);
    }
    if (live.length === 0) return isItem() ? { kind: 'none' } : { kind: 'refused', refusal: refusal('unknown', parsed.code, { kind: parsed.kind }) };
    if (live.length > 1) return { kind: 'refused', refusal: refusal('ambiguous', parsed.code, { kind: parsed.kind }) };
    const id = live[0]!;
    return parsed.kind === 'request'
      ? { kind: 'request', code: parsed.code, request: this.view.reader.get('requests', id)! }
      : { kind: 'parcel', code: parsed.code, parcel: this.view.reader.get('parcels', id)! };
  }
}

const indexes = new WeakMap<OptimisticView, ShortCodeIndex>();

/** The one index of a desk's view, shared by its screens and tests. */
export function shortCodesOf(view: OptimisticView): ShortCodeIndex {
  let index = indexes.get(view);
  if (!index) indexes.set(view, (index = new ShortCodeIndex(view)));
  return index;
}

interface DeskParts {
  readonly view: OptimisticView;
  readonly workflows: Workflows;
  readonly config: { readonly libraryId: string };
}

/** What a code scanned at Dispatch does. A parcel label asks the screen for the next step: sealing is confirmed by a person there. */
export type DispatchScan =
  | { readonly kind: 'packed'; readonly result: ActionResult; readonly itemBarcode: string; readonly requestId: string | null }
  /** seal: open, to be sealed once confirmed; dispatch: sealed, waiting for its tracking number; sent: already with the courier. */
  | { readonly kind: 'parcel'; readonly parcel: ParcelRecord; readonly next: 'seal' | 'dispatch' | 'sent' }
  | CodeRefusal;

/** A scan at Dispatch: a pull slip's code packs its request's item, a label's code names the parcel, anything else is an item barcode. */
export async function dispatchScan(desk: DeskParts, raw: string): Promise<DispatchScan> {
  const hit = shortCodesOf(desk.view).lookup(raw);
  if (hit.kind === 'refused') return hit.refusal;
  if (hit.kind === 'none') return { kind: 'packed', result: await desk.workflows.packScan(raw), itemBarcode: raw.trim(), requestId: null };
  if (desk.view.reader.openRequestsForItem(raw.trim()).length > 0) return refusal('ambiguous', hit.code, { kind: hit.kind });
  if (hit.kind === 'parcel') {
    const p = hit.parcel;
    if (p.fromLibraryId !== desk.config.libraryId) return refusal('not_our_parcel', hit.code, { parcel: p.id, from: p.fromLibraryId });
    return { kind: 'parcel', parcel: p, next: p.state === 'open' ? 'seal' : p.state === 'sealed' ? 'dispatch' : 'sent' };
  }
  const req = hit.request;
  if (req.item.barcode === '') return refusal('title_needs_copy', hit.code, { title: req.item.title });
  // This request's item, even when another open request names the same copy (packScan would take the oldest).
  return { kind: 'packed', result: await desk.workflows.packScan(req.item.barcode, req.id), itemBarcode: req.item.barcode, requestId: req.id };
}

/** A code scanned at Receive: a parcel label opens that parcel; a pull slip's code is not for this screen. */
export function receiveCode(desk: DeskParts, raw: string): { kind: 'none' } | { kind: 'parcel'; parcel: ParcelRecord } | CodeRefusal {
  const hit = shortCodesOf(desk.view).lookup(raw);
  if (hit.kind === 'none') return hit;
  if (hit.kind === 'refused') return hit.refusal;
  if (hit.kind === 'request') return refusal('wrong_kind', hit.code, { kind: 'request' });
  if (desk.view.reader.openRequestsForItem(raw.trim()).length > 0) return refusal('ambiguous', hit.code, { kind: 'parcel' });
  return { kind: 'parcel', parcel: hit.parcel };
}

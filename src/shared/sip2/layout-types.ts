// The shapes of a SIP2 message layout: which fixed-length and variable fields
// a message has, keyed by the property of its type in messages.ts. Kept apart
// from the tables so each message family's file needs only these shapes.
import type { PatronStatusFlags, PatronSummary, Sip2Message, Sip2MessageOf, Sip2MessageType, SupportedMessages, YesNoUnknown } from './messages';

type KeysMatching<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

export type FixedSpec<T> =
  | { kind: 'yn' | 'bit'; key: KeysMatching<T, boolean>; label: string }
  | { kind: 'ynu'; key: KeysMatching<T, YesNoUnknown>; label: string }
  | { kind: 'date'; key: KeysMatching<T, string>; label: string }
  | { kind: 'text'; key: KeysMatching<T, string>; width: number; label: string }
  | { kind: 'int'; key: KeysMatching<T, number>; width: number; label: string }
  | { kind: 'patronStatus'; key: KeysMatching<T, PatronStatusFlags>; label: string }
  | { kind: 'summary'; key: KeysMatching<T, PatronSummary>; label: string };

export type FieldSpec<T> =
  | { id: string; kind: 'text'; key: KeysMatching<T, string>; required: true; label: string }
  | { id: string; kind: 'text'; key: KeysMatching<T, string | undefined>; required?: false; label: string }
  | { id: string; kind: 'yn'; key: KeysMatching<T, boolean | undefined>; label: string }
  | { id: string; kind: 'int'; key: KeysMatching<T, number | undefined>; width?: number; label: string }
  | { id: string; kind: 'list'; key: KeysMatching<T, string[] | undefined>; label: string }
  | { id: string; kind: 'supportedMessages'; key: KeysMatching<T, SupportedMessages | undefined>; label: string };

export interface Layout<T extends Sip2Message> {
  code: string;
  type: T['type'];
  name: string;
  fixed: FixedSpec<T>[];
  fields: FieldSpec<T>[];
  /** 96 and 97 carry a checksum but never a sequence number. */
  sequenced: boolean;
}

/** One layout per message type: the TypeScript map refuses a missing or mistyped entry. */
export type Layouts = { [K in Sip2MessageType]: Layout<Sip2MessageOf<K>> };

/** The layouts with their key types erased, for the generic encoder and decoder. */
export interface LooseFixedSpec {
  kind: FixedSpec<unknown>['kind'];
  key: string;
  width?: number;
  label: string;
}
export interface LooseFieldSpec {
  id: string;
  kind: FieldSpec<unknown>['kind'];
  key: string;
  required?: boolean;
  width?: number;
  label: string;
}
export interface LooseLayout {
  code: string;
  type: Sip2MessageType;
  name: string;
  fixed: LooseFixedSpec[];
  fields: LooseFieldSpec[];
  sequenced: boolean;
}

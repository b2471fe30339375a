// One result shape for every codec, so callers handle failures the same way
// everywhere and nothing in src/shared/codecs ever has to throw.

export interface CodecError<C extends string = string> {
  readonly code: C;
  readonly message: string;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E extends CodecError = CodecError> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message: string): Err<CodecError<C>> {
  return { ok: false, error: { code, message } };
}

export function errWith<E extends CodecError>(error: E): Err<E> {
  return { ok: false, error };
}

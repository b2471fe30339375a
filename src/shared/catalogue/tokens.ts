// Search terms. Chinese has no spaces between words, so a run of Han
// characters becomes its overlapping bigrams (統計學 → 统计, 计学): a query's
// bigrams must all be present, which finds 統計學 inside 統計學：觀念與應用
// without a word dictionary. A lone Han character (a run of one) is kept as
// a unigram. Latin text becomes words; a few English stop words are dropped
// on both sides, since they would match most of the catalogue.
// Every term carries its field: t: title, a: author, s: subject, i: ISBN,
// c: call number, so one text[] column with one GIN index serves every field.
import { fold } from './fold';
import { isbnCharacters, toIsbn13 } from './isbn';

export type TermField = 't' | 'a' | 's' | 'i' | 'c';
export const TERM_FIELDS: readonly TermField[] = ['t', 'a', 's', 'i', 'c'];

const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'of', 'in', 'on', 'for', 'to', 'at', 'by', 'with', 'or']);
// Han (with the CJK compatibility forms NFKC leaves), kana and hangul are written without spaces.
const RUN = /(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})+|((?!\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})[\p{L}\p{N}])+/gu;
const CJK_START = /^(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})/u;

/** The words and bigrams of a text, folded, without field prefixes, in order. */
export function textTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of fold(text).matchAll(RUN)) {
    const run = m[0];
    if (CJK_START.test(run)) {
      const chars = Array.from(run);
      if (chars.length === 1) out.push(run);
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    } else if (!STOP_WORDS.has(run)) {
      out.push(run);
    }
  }
  return out;
}

/**
 * Call numbers keep their dots ("510.8 8345", "QA276 .S65 2010"): each chunk is
 * a term, and a class number with a decimal part also yields its integer part,
 * so "510" finds "510.8".
 */
export function callNumberTokens(callNumber: string): string[] {
  const out: string[] = [];
  for (const chunk of fold(callNumber).split(/[^\p{L}\p{N}.]+/u)) {
    const c = chunk.replace(/^\.+|\.+$/gu, '');
    if (c === '') continue;
    out.push(c);
    const dot = c.indexOf('.');
    if (dot > 0) out.push(c.slice(0, dot));
  }
  return out;
}

/** ISBN terms: the ISBN-13 when the number is valid, else the digits as written. */
export function isbnTokens(raw: string): string[] {
  const valid = toIsbn13(raw);
  if (valid) return [valid];
  const chars = isbnCharacters(raw);
  return chars ? [chars.toLowerCase()] : [];
}

export function tokensFor(field: TermField, text: string): string[] {
  if (field === 'i') return isbnTokens(text);
  if (field === 'c') return callNumberTokens(text);
  const words = textTokens(text);
  // Authors are often searched by surname alone (王): their Han characters are also unigrams.
  if (field === 'a') for (const ch of Array.from(fold(text))) if (/\p{Script=Han}/u.test(ch)) words.push(ch);
  return words;
}

export const term = (field: TermField, token: string): string => `${field}:${token}`;

/** Every term of a bibliographic record, deduplicated. */
export function recordTerms(parts: Partial<Record<TermField, readonly string[]>>): string[] {
  const set = new Set<string>();
  for (const field of TERM_FIELDS) for (const text of parts[field] ?? []) for (const t of tokensFor(field, text)) set.add(term(field, t));
  return [...set];
}

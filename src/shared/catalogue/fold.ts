// Folding: the one transformation applied to every indexed text and every
// query, so that the forms a reader may type meet the forms a cataloguer
// wrote. NFKC turns full-width letters, digits and punctuation into their
// ordinary forms (：→:, Ａ→A); combining marks are dropped (é→e); case is
// folded; Chinese is folded to Simplified characters with OpenCC.
//
// Why Traditional→Simplified and not the reverse: the mapping is many-to-one
// in that direction (發 and 髮 both become 发, 後 and 后 become 后, 臺 and 台
// become 台), so every Traditional variant and its Simplified form fold to the
// same key. Folding Simplified→Traditional has to guess (发→發 misses 頭髮).
// Titles are shown as catalogued; only the search keys are folded.
import * as OpenCC from 'opencc-js';

// 'tw' first maps Taiwan-specific variant forms to OpenCC's standard ones.
let toSimplified: ((s: string) => string) | null = null;

function simplify(s: string): string {
  toSimplified ??= OpenCC.Converter({ from: 'tw', to: 'cn' });
  return toSimplified(s);
}

const HAN = /\p{Script=Han}/u;

export function fold(text: string): string {
  const plain = text.normalize('NFKD').replace(/\p{Mn}+/gu, '').normalize('NFKC').toLowerCase();
  return HAN.test(plain) ? simplify(plain) : plain;
}

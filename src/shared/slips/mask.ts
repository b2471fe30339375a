// Masking of personal data on paper. A hold slip sits on an open shelf and a
// routing label travels outside a parcel, so a slip shows only enough for the
// patron to recognise their own item: the conventional Taiwanese 王○明 for
// Chinese names, initials for Latin names (W*** M***, a fixed number of stars
// so the length is not revealed), the last digits of a card number.

const HAN = /\p{Script=Han}/u;
const MASK_HAN = '○';
const MASK_LATIN = '***';

/** 王小明 → 王○明, 王明 → 王○, 歐陽娜娜 → 歐○○娜, Wang Xiao-Ming → W*** X***; '' stays ''. */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') return '';
  if (HAN.test(trimmed)) {
    // Spaces inside a Chinese name ("王 小明") carry nothing.
    const chars = Array.from(trimmed.replace(/\s+/g, ''));
    if (chars.length === 1) return MASK_HAN;
    if (chars.length === 2) return `${chars[0]}${MASK_HAN}`;
    return `${chars[0]}${MASK_HAN.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return trimmed
    .split(/\s+/)
    .map((word) => {
      const first = Array.from(word)[0] ?? '';
      return `${first.toUpperCase()}${MASK_LATIN}`;
    })
    .join(' ');
}

/** The last `keep` characters of a card number, the rest hidden: 2000100056789 → ****6789. */
export function maskCardNumber(card: string, keep = 4): string {
  const chars = Array.from(card.trim());
  if (chars.length === 0) return '';
  const shown = chars.slice(-Math.max(0, keep)).join('');
  return `****${shown}`;
}

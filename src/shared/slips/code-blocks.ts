// A short code (src/shared/domain/kit/short-code.ts) on paper: a Code 128
// barcode of the bare digits — the printer encodes digits in code set C, two
// to a symbol character, so 18 digits are 268 dots wide and fit 58 mm paper
// as well as 80 mm — with the digits grouped in fours below it in large type,
// to read out on the phone or type when a label is scuffed. The printer's own
// human-readable line is turned off: the grouped line replaces it.
import { groupShortCode } from '../domain/kit/short-code';
import { text } from './model';
import type { SlipBarcodeBlock, SlipTextBlock } from './model';

export function codeBlocks(code: string, height = 80): [SlipBarcodeBlock, SlipTextBlock] {
  // Height 2 only (not width 2): "1234 5678 9012 3456 78" is 22 columns and must stay one line in 58 mm's 32.
  return [{ kind: 'barcode', symbology: 'code128', data: code, height, hri: false }, text(groupShortCode(code), { height: 2, bold: true, align: 'center' })];
}

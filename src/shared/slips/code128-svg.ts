// Code 128 bars for the HTML rendering of a slip (the on-screen preview and
// slips printed on A4 through the browser), so a pull slip or routing label
// printed that way is scanned like a thermal one. The thermal printer draws
// its own bars from GS k (src/main/devices/printer/code128.ts chooses its
// code sets); this is the same symbology drawn as SVG rectangles, kept small:
// digits only and of even length go in code set C (two digits a symbol
// character — every short code), any other printable ASCII in code set B.
// Anything else has no bars here and is shown as text.

// Bar and space widths in modules, bar first, for symbol values 0–106 (ISO/IEC 15417, table 1); every symbol
// character is 11 modules, the stop (106) 13 with its termination bar.
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
] as const;

export const CODE128_PATTERNS: readonly string[] = PATTERNS;

const START_B = 104;
const START_C = 105;
const STOP = 106;
/** Quiet zone each side, in modules (ISO/IEC 15417 asks for at least 10). */
const QUIET = 10;

/** Symbol values from start to check character (stop not included), or null when this simple encoder has no bars for the data. */
export function code128Values(data: string): number[] | null {
  if (data === '') return null;
  let values: number[];
  if (/^(?:\d\d)+$/.test(data)) {
    values = [START_C];
    for (let i = 0; i < data.length; i += 2) values.push(Number(data.slice(i, i + 2)));
  } else if (/^[\x20-\x7e]+$/.test(data)) {
    values = [START_B, ...Array.from(data, (c) => c.charCodeAt(0) - 32)];
  } else {
    return null;
  }
  let sum = values[0]!;
  for (let i = 1; i < values.length; i++) sum += i * values[i]!;
  values.push(sum % 103);
  return values;
}

/** The bars as an inline SVG (escaped by construction: only numbers go into it), or null as above. */
export function code128Svg(data: string, heightMm = 12, moduleMm = 0.3): string | null {
  const values = code128Values(data);
  if (!values) return null;
  const widths = [...values, STOP].map((v) => PATTERNS[v]!).join('');
  let x = QUIET;
  const bars: string[] = [];
  for (let i = 0; i < widths.length; i++) {
    const w = widths.charCodeAt(i) - 48;
    if (i % 2 === 0) bars.push(`<rect x="${x}" y="0" width="${w}" height="1"/>`);
    x += w;
  }
  const total = x + QUIET;
  // One user unit a module across, one unit high stretched to the height: bars keep their exact ratios at any width.
  return `<svg class="bars" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${total} 1" preserveAspectRatio="none" style="width:${(total * moduleMm).toFixed(1)}mm;max-width:100%;height:${heightMm}mm" aria-hidden="true" focusable="false"><rect x="0" y="0" width="${total}" height="1" fill="#fff"/><g fill="#000">${bars.join('')}</g></svg>`;
}

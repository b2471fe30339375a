// Tab- or comma-separated text as rows of cells. KBART files are plain TSV
// (no quoting, per NISO RP-9); COUNTER tabular reports come as TSV or CSV and
// CSV may quote a cell ("Title, with comma"; "" inside quotes is one quote).
// Lines end in LF or CRLF; a UTF-8 byte order mark at the start is dropped.

export interface Line { /** 1-based line number in the file. */ line: number; cells: string[] }

export function splitDelimited(text: string, delimiter: '\t' | ','): Line[] {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const out: Line[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let atCellStart = true;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && atCellStart && delimiter === ',') { quoted = true; atCellStart = false; continue; }
    if (ch === delimiter) { cells.push(cell); cell = ''; atCellStart = true; continue; }
    if (ch === '\r' && src[i + 1] === '\n') continue;
    if (ch === '\n') {
      cells.push(cell);
      out.push({ line: startLine, cells });
      cells = [];
      cell = '';
      atCellStart = true;
      line++;
      startLine = line;
      continue;
    }
    cell += ch;
    atCellStart = false;
  }
  if (cell !== '' || cells.length > 0) {
    cells.push(cell);
    out.push({ line: startLine, cells });
  }
  return out;
}

/** Whether a line holds nothing but empty cells. */
export const blankLine = (l: Line): boolean => l.cells.every((c) => c.trim() === '');

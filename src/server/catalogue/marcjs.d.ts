// Types for marcjs 3.0.2 (it ships none): the parts the catalogue uses.
// A record's fields are flat arrays: a control field is [tag, value]; a data
// field is [tag, indicators, code1, value1, code2, value2, …].
declare module 'marcjs' {
  export type MarcField = string[];
  export class Record {
    leader: string;
    fields: MarcField[];
    append(...fields: MarcField[]): void;
    get(match: string | RegExp): Array<{ tag: string; ind1?: string; ind2?: string; value?: string; subf?: Array<[string, string]> }>;
    as(type: string): string;
  }
  export const Marc: {
    parse(raw: string | Buffer, type: 'iso2709' | 'marcxml' | 'mij'): Record;
    format(record: Record, type: 'iso2709' | 'marcxml' | 'mij' | 'text' | 'json'): string;
  };
  /** Parses one ISO 2709 record; it reads ranges with data.toString('utf8', start, end). */
  export class Iso2709Parser {
    static parse(data: { toString(encoding: string, start: number, end: number): string }): Record;
  }
  export class Iso2709Formater {
    static format(record: Record): string;
  }
}

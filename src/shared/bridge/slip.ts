// The schema a print request's slip is checked against on the main side. The
// slip model itself is src/shared/slips/model.ts (TypeScript types and an
// isSlip() guard); this mirrors it in TypeBox with size bounds, and the
// compile-time check below breaks the build if the two drift apart.
import { Type, type Static } from '@sinclair/typebox';
import type { Slip } from '../slips/model';

const Mag = Type.Union([1, 2, 3, 4, 5, 6, 7, 8].map((n) => Type.Literal(n as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8)));
const Str = (max: number) => Type.String({ maxLength: max });
const Align = Type.Union([Type.Literal('left'), Type.Literal('center'), Type.Literal('right')]);

const SlipBlockSchema = Type.Union([
  Type.Object({ kind: Type.Literal('text'), text: Str(2000), width: Type.Optional(Mag), height: Type.Optional(Mag), bold: Type.Optional(Type.Boolean()), align: Type.Optional(Align) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('pair'), left: Str(500), right: Str(500), bold: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('rule'), style: Type.Optional(Type.Union([Type.Literal('single'), Type.Literal('double')])) }, { additionalProperties: false }),
  Type.Object({
    kind: Type.Literal('barcode'),
    symbology: Type.Union([Type.Literal('code128'), Type.Literal('codabar'), Type.Literal('code39')]),
    data: Type.String({ minLength: 1, maxLength: 80 }),
    height: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
    hri: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('qr'), data: Type.String({ minLength: 1, maxLength: 700 }), size: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('feed'), lines: Type.Integer({ minimum: 0, maximum: 20 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('cut'), partial: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
]);

export const SlipInputSchema = Type.Object({
  kind: Type.Union([Type.Literal('hold'), Type.Literal('routing'), Type.Literal('manifest'), Type.Literal('pull'), Type.Literal('receipt'), Type.Literal('fair-reservation'), Type.Literal('shelf-label')]),
  locale: Type.Union([Type.Literal('zh-TW'), Type.Literal('en')]),
  title: Str(200),
  copy: Type.Optional(Type.Boolean()),
  blocks: Type.Array(SlipBlockSchema, { maxItems: 400 }),
}, { additionalProperties: false });

export type SlipInput = Slip;

// If model.ts changes shape, one of these stops compiling.
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
const _schemaFitsModel = (s: Static<typeof SlipInputSchema>): Slip => s;
const _modelFitsSchema = (s: DeepMutable<Slip>): Static<typeof SlipInputSchema> => s;
void _schemaFitsModel;
void _modelFitsSchema;

// A reason's words: what happened and what to do next, in zh-TW and English,
// with {param} placeholders filled from the refusal's params.
export type Lang = 'zh-TW' | 'en';
type Text = Readonly<Record<Lang, string>>;

export interface ReasonText {
  readonly message: Text;
  readonly nextStep: Text;
}

// Which template a notice uses (the library's own, else the consortium's,
// else the built-in text) and filling in its placeholders. Mail is plain
// text, so values are inserted as they are: nothing is HTML-escaped because
// nothing is sent as HTML.
import type { Sql } from '#server/db/database';
import type { NoticeKind } from '#shared/portal/wire';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, type NoticeLanguage, type NoticeTemplate } from './default-templates';

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** Replace {{name}} with its value; an unknown or missing value becomes '' rather than leaking the braces to a patron. */
export function render(text: string, vars: Readonly<Record<string, string | number | null | undefined>>): string {
  return text.replace(PLACEHOLDER_RE, (_m, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? '' : String(v);
  });
}

/** Placeholders a text uses that no notice fills (a typo in a saved template). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((n) => !known.has(n));
}

/** C0 controls and DEL; a body keeps its tabs and line breaks (TAB, LF, CR). */
function isControl(cp: number, oneLine: boolean): boolean {
  if (cp === 0x7f) return true;
  if (cp >= 0x20) return false;
  return oneLine || !(cp === 0x09 || cp === 0x0a || cp === 0x0d);
}

/** What is wrong with a template text, in words for the administrator, or null. */
export function templateProblem(text: string, oneLine: boolean): string | null {
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) return `unknown placeholder {{${unknown[0]!.slice(0, 40)}}} (known: ${PLACEHOLDERS.join(', ')})`;
  // Braces left after the placeholders are taken out are a half-typed one ({{title, title}}): the patron would see them.
  if (/\{\{|\}\}/.test(text.replace(PLACEHOLDER_RE, ''))) return 'a {{ or }} that is not part of a placeholder such as {{title}}';
  // Control characters garble a mail; a subject is one line, a body may have line breaks and tabs.
  if ([...text].some((ch) => isControl(ch.codePointAt(0)!, oneLine))) {
    return oneLine ? 'one line of text, without control characters' : 'text without control characters (line breaks and tabs are fine)';
  }
  return null;
}

/** Every saved template that could apply to these libraries, for choosing in memory (the sender's round). */
export async function templatesForLibraries(db: Sql, libraryIds: readonly string[]): Promise<(libraryId: string, kind: NoticeKind, language: NoticeLanguage) => NoticeTemplate> {
  const { rows } = await db.query<{ library_id: string | null; kind: NoticeKind; language: NoticeLanguage; subject: string; body: string }>(
    'select library_id, kind, language, subject, body from notice_templates where library_id is null or library_id = any($1::text[])',
    [libraryIds],
  );
  const saved = new Map(rows.map((r) => [`${r.library_id ?? ''}|${r.kind}|${r.language}`, { subject: r.subject, body: r.body }]));
  return (libraryId, kind, language) => saved.get(`${libraryId}|${kind}|${language}`) ?? saved.get(`|${kind}|${language}`) ?? DEFAULT_TEMPLATES[kind][language];
}

export interface TemplateRow { libraryId: string | null; kind: NoticeKind; language: NoticeLanguage; subject: string; body: string; updatedAt: string }

export async function listTemplates(db: Sql, libraryId: string | null): Promise<TemplateRow[]> {
  const { rows } = await db.query<{ library_id: string | null; kind: NoticeKind; language: NoticeLanguage; subject: string; body: string; updated_at: Date | string }>(
    `select library_id, kind, language, subject, body, updated_at from notice_templates
      where ($1::text is null and library_id is null) or library_id = $1 order by kind, language`,
    [libraryId],
  );
  return rows.map((r) => ({ libraryId: r.library_id, kind: r.kind, language: r.language, subject: r.subject, body: r.body, updatedAt: new Date(r.updated_at).toISOString() }));
}

export async function saveTemplate(db: Sql, t: Omit<TemplateRow, 'updatedAt'>): Promise<void> {
  await db.query(
    `insert into notice_templates (library_id, kind, language, subject, body, updated_at) values ($1, $2, $3, $4, $5, now())
     on conflict ((coalesce(library_id, '')), kind, language) do update set subject = excluded.subject, body = excluded.body, updated_at = now()`,
    [t.libraryId, t.kind, t.language, t.subject, t.body],
  );
}

export async function deleteTemplate(db: Sql, libraryId: string | null, kind: NoticeKind, language: NoticeLanguage): Promise<boolean> {
  const { affectedRows } = await db.query(
    `delete from notice_templates where coalesce(library_id, '') = coalesce($1::text, '') and kind = $2 and language = $3`,
    [libraryId, kind, language],
  );
  return affectedRows > 0;
}

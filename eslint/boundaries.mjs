// Import directions between the project's folders, as ESLint rules.
// `no-restricted-imports` matches the written specifier only, so a rule on
// folders must resolve it first: '#server/x' (the tsconfig aliases) and
// '../../server/x' both resolve to src/server/x and are judged alike.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsconfig = JSON.parse(readFileSync(resolve(ROOT, 'tsconfig.base.json'), 'utf8'));
/** '#shared' → 'src/shared', from the one alias list tsc and tsx read. */
const ALIASES = Object.entries(tsconfig.compilerOptions.paths).map(([name, [target]]) => [
  name.replace(/\/\*$/, ''),
  target.replace(/^\.\//, '').replace(/\/\*$/, ''),
]);

const toPosix = (p) => p.split(sep).join('/');

/** Repo-relative path a specifier points at, or null for a package import. */
export function resolveSpecifier(spec, fromFile) {
  for (const [name, dir] of ALIASES) {
    if (spec === name || spec.startsWith(`${name}/`)) return dir + spec.slice(name.length);
  }
  if (spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..') {
    return toPosix(relative(ROOT, resolve(dirname(resolve(ROOT, fromFile)), spec)));
  }
  return null;
}

const under = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);

function sourcesOf(node) {
  switch (node.type) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
      return node.source && typeof node.source.value === 'string' ? [{ spec: node.source.value, dynamic: false, at: node.source }] : [];
    case 'ImportExpression':
      return node.source.type === 'Literal' && typeof node.source.value === 'string' ? [{ spec: node.source.value, dynamic: true, at: node.source }] : [];
    case 'CallExpression':
      return node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal' && typeof node.arguments[0].value === 'string'
        ? [{ spec: node.arguments[0].value, dynamic: false, at: node.arguments[0] }]
        : [];
    default:
      return [];
  }
}

function visitor(check) {
  const run = (node) => {
    for (const s of sourcesOf(node)) check(s);
  };
  return { ImportDeclaration: run, ExportAllDeclaration: run, ExportNamedDeclaration: run, ImportExpression: run, CallExpression: run };
}

/**
 * options: [{ from: [prefix…], except?: [prefix…], deny: [prefix…], allow?: [prefix…], staticOnly?: boolean, message }]
 * A file under `from` (and not under `except`) may not import a path under
 * `deny` unless it is under `allow`. `staticOnly`: a dynamic import() is
 * allowed (code loaded only on a path that asks for it, e.g. simulators in demo mode).
 */
const importBoundaries = {
  meta: { type: 'problem', schema: [{ type: 'array' }], messages: { denied: '{{message}} ({{target}})' } },
  create(context) {
    const file = toPosix(relative(ROOT, context.filename));
    const rules = (context.options[0] ?? []).filter((r) => r.from.some((p) => under(file, p)) && !(r.except ?? []).some((p) => under(file, p)));
    if (rules.length === 0) return {};
    return visitor(({ spec, dynamic, at }) => {
      const target = resolveSpecifier(spec, file);
      if (target === null) return;
      for (const r of rules) {
        if (dynamic && r.staticOnly) continue;
        if (r.deny.some((p) => under(target, p)) && !(r.allow ?? []).some((p) => under(target, p))) {
          context.report({ node: at, messageId: 'denied', data: { message: r.message, target } });
          return;
        }
      }
    });
  },
};

/** '../../x' climbs two folders: write the alias ('#shared/x') so a move does not break it and the direction is visible. */
const noClimbingImports = {
  meta: { type: 'suggestion', schema: [], messages: { climb: "Use the '#…' alias instead of climbing folders ('{{spec}}')." } },
  create(context) {
    return visitor(({ spec, at }) => {
      if (!spec.startsWith('../../')) return;
      // Only where an alias exists for the target (scripts/, build/ and root files have none).
      const target = resolveSpecifier(spec, toPosix(relative(ROOT, context.filename)));
      if (target !== null && ALIASES.some(([, dir]) => under(target, dir))) context.report({ node: at, messageId: 'climb', data: { spec } });
    });
  },
};

export default { rules: { 'import-boundaries': importBoundaries, 'no-climbing-imports': noClimbingImports } };

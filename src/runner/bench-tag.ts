/**
 * The `@bench` JSDoc tag: on a function it holds the argument list (`@bench [range(10_000), 'x']`),
 * on a class the expression that makes the instance its methods run on (`@bench new Cache(64)`).
 * Both are evaluated in the module's scope with the runner's helpers (inputs.ts) in reach.
 */
import ts from 'typescript';
import type { HelperName, TypeDescriptor } from './protocol.ts';
import { HELPER_NAMES } from './protocol.ts';

const HELPERS = new Set<string>(HELPER_NAMES);

export type TagText = { ok: true; expression: string; helpers: HelperName[] } | { ok: false; reason: string };

/** The `@bench` tag of a declaration (for a `const` arrow, the tag sits on its variable statement). */
export function benchTag(node: ts.Node): ts.JSDocTag | undefined {
  return ts.getJSDocTags(node).find((tag) => tag.tagName.text === 'bench');
}

/** The tag's expression, checked to parse, with the helpers it uses that the module does not declare. */
export function readBenchTag(tag: ts.JSDocTag, topLevelNames: ReadonlySet<string>): TagText {
  const expression = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
  if (!expression) return { ok: false, reason: 'the @bench tag is empty: write the arguments, e.g. `@bench [range(n)]`' };
  const parsed = ts.createSourceFile('bench-tag.ts', `(${expression}\n)`, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const statement = parsed.statements[0];
  const syntaxError = ts.transpileModule(`(${expression}\n)`, { reportDiagnostics: true, compilerOptions: { noEmit: true } }).diagnostics?.[0];
  if (parsed.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement) || syntaxError) {
    const detail = syntaxError ? `: ${ts.flattenDiagnosticMessageText(syntaxError.messageText, ' ')}` : '';
    return { ok: false, reason: `the @bench tag \`${expression}\` is not one expression${detail}` };
  }
  const helpers = new Set<HelperName>();
  const visit = (node: ts.Node): void => {
    const isPropertyName = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node;
    if (ts.isIdentifier(node) && !isPropertyName && HELPERS.has(node.text) && !topLevelNames.has(node.text)) helpers.add(node.text as HelperName);
    ts.forEachChild(node, visit);
  };
  visit(statement.expression);
  return { ok: true, expression, helpers: [...helpers] };
}

/** Names a module declares or imports at its top level: they shadow the helpers in its `@bench` tags. */
export function topLevelNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) addBinding(declaration.name);
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
    } else if (ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
  }
  return names;
}

/** A starting argument for a parameter in a suggested tag; `undefined` where nothing fits (a comment cannot sit inside the JSDoc). */
function suggestArgument(type: TypeDescriptor | undefined): string {
  if (type?.kind === 'number') return 'n';
  if (type?.kind === 'string') return 'randomString(n)';
  if (type?.kind === 'boolean') return 'true';
  if (type?.kind === 'array' && type.element.kind === 'number') return 'randomInts(n)';
  if (type?.kind === 'array' && type.element.kind === 'string') return 'randomStrings(n)';
  return 'undefined';
}

/**
 * Where and what to insert so the function gets a `@bench` tag: a new line in its JSDoc, or a new
 * one-line JSDoc above it. `host` is the node that owns the JSDoc (the statement of a `const`).
 */
export function suggestBenchTag(
  sourceFile: ts.SourceFile,
  host: ts.Node,
  params: readonly { type?: TypeDescriptor }[],
): { offset: number; text: string } {
  const tag = `@bench [${params.map((param) => suggestArgument(param.type)).join(', ')}]`;
  const start = host.getStart(sourceFile);
  const lineStart = sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(start).line] ?? 0;
  const indent = /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))?.[0] ?? '';
  const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  if (!last) return { offset: start, text: `/** ${tag} */\n${indent}` };
  const close = last.end - 2;
  const closeLine = sourceFile.getLineAndCharacterOfPosition(close).line;
  if (closeLine === sourceFile.getLineAndCharacterOfPosition(last.pos).line) {
    return { offset: close, text: `${sourceFile.text[close - 1] === ' ' ? '' : ' '}${tag} ` };
  }
  return { offset: sourceFile.getLineStarts()[closeLine] ?? close, text: `${indent} * ${tag}\n` };
}

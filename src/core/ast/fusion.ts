import ts from './ts-api.ts';
import { nodeText } from './edits.ts';
import { skipOuter } from './iteration.ts';
import type { CallbackInfo } from './purity.ts';
import { UNARY_BUILTINS } from './purity.ts';

/** One `map` or `filter` of a chain, with its callback. */
export interface Step {
  call: ts.CallExpression;
  name: 'map' | 'filter';
  callback: CallbackInfo;
}

/** The body of one callback that does the work of every step, element by element. */
export interface FusedBody {
  /** Parameter list text of the fused callback after any accumulator: `o`, `o: Order, i`. */
  params: string;
  /** Statements, where `SKIP` stands for what leaves this element out (`return acc;`, `continue;`). */
  lines: string[];
  /** Expression for the value the last step produces. */
  value: string;
  /** Every name the fused callback declares. */
  declared: Set<string>;
}

/**
 * Composes the steps into straight-line code over one element of the source, binding each callback's parameter
 * to the previous step's value. Gives up (undefined) when a later callback reads its index or array (those refer
 * to an intermediate array), a name would be declared twice or capture another callback's variable, or a callback
 * is neither an arrow with a single expression nor a builtin like `Boolean`.
 */
export function fuseSteps(steps: readonly Step[], extraCallbacks: readonly CallbackInfo[], sourceFile: ts.SourceFile): FusedBody | undefined {
  const all = [...steps.map((s) => s.callback), ...extraCallbacks];
  if (!all.every((c) => bodyOf(c) !== undefined || isUnary(c))) return undefined;
  const taken = new Set<string>();
  for (const c of all) collectIdentifiers(c.fn ?? c.node, taken);
  const declared = new Set<string>();
  const lines: string[] = [];
  const first = steps[0].callback;
  let params: string;
  let value: string;
  if (first.fn) {
    if (first.reads > 3) return undefined;
    const [p0, ...rest] = first.fn.parameters.slice(0, Math.max(first.reads, 1));
    let element: string;
    if (ts.isIdentifier(p0.name)) {
      element = p0.name.text;
      params = [p0, ...rest].map((p) => nodeText(p, sourceFile)).join(', ');
    } else {
      element = fresh('item', taken);
      params = [element, ...rest.map((p) => nodeText(p, sourceFile))].join(', ');
      lines.push(`const ${nodeText(p0, sourceFile)} = ${element};`);
    }
    for (const p of [p0, ...rest]) if (!declare(p.name, declared)) return undefined;
    declared.add(element);
    value = element;
  } else {
    value = fresh('item', taken);
    params = value;
    declared.add(value);
  }
  let pending: string | undefined = first.fn ? expressionText(first, sourceFile) : applyUnary(first, value);
  if (steps[0].name === 'filter') {
    lines.push(skipUnless(pending, bodyOf(first), sourceFile));
    pending = undefined;
  }
  for (const step of steps.slice(1)) {
    const bound = bind(step.callback, pending ?? value, pending !== undefined, lines, declared, taken, sourceFile);
    if (!bound) return undefined;
    if (step.name === 'filter') {
      lines.push(skipUnless(bound.result, bound.node, sourceFile));
      value = bound.input;
      pending = undefined;
    } else {
      pending = bound.result;
    }
  }
  if (pending !== undefined) {
    value = pending;
  }
  return { params, lines, value, declared };
}

/**
 * Binds a later callback's value parameter to `input` and returns the callback's result expression, plus the name
 * that now holds the input (what a `filter` passes on).
 */
export function bind(
  callback: CallbackInfo, input: string, inputIsExpression: boolean, lines: string[], declared: Set<string>,
  taken: Set<string>, sourceFile: ts.SourceFile,
): { result: string; input: string; node?: ts.Expression } | undefined {
  if (callback.reads > 1) return undefined;
  if (!callback.fn) {
    if (!isUnary(callback)) return undefined;
    if (!inputIsExpression) return { result: applyUnary(callback, input), input };
    const name = fresh('value', taken);
    declared.add(name);
    lines.push(`const ${name} = ${input};`);
    return { result: applyUnary(callback, name), input: name };
  }
  const [param] = callback.fn.parameters;
  const body = expressionText(callback, sourceFile);
  if (!param) {
    // `() => true` ignores the element; the input must still be evaluated where it has effects.
    if (!inputIsExpression) return { result: body, input };
    const name = fresh('value', taken);
    declared.add(name);
    lines.push(`const ${name} = ${input};`);
    return { result: body, input: name };
  }
  const node = bodyOf(callback);
  if (ts.isIdentifier(param.name) && param.name.text === input && !param.type) return { result: body, input, node };
  if (ts.isIdentifier(param.name) && declared.has(param.name.text) && node) {
    // `map((v) => v * 2).filter((v) => v > 10)`: the second `v` gets a name of its own.
    const renamed = fresh(param.name.text, taken);
    const result = renamedText(node, param.name.text, renamed, sourceFile);
    if (result === undefined) return undefined;
    declared.add(renamed);
    lines.push(`const ${renamed}${param.type ? `: ${nodeText(param.type, sourceFile)}` : ''} = ${input};`);
    return { result, input: renamed };
  }
  if (!declare(param.name, declared)) return undefined;
  lines.push(`const ${nodeText(param, sourceFile)} = ${input};`);
  return { result: body, input: ts.isIdentifier(param.name) ? param.name.text : input, node };
}

/** `if (!cond) SKIP;`, written without double negations: `!x` gives `if (x)`, `a === b` gives `if (a !== b)`. */
function skipUnless(text: string, node: ts.Expression | undefined, sourceFile: ts.SourceFile): string {
  const inner = node && skipOuter(node);
  if (inner && ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    return `if (${nodeText(inner.operand, sourceFile)}) SKIP;`;
  }
  if (inner && ts.isBinaryExpression(inner)) {
    const swapped = NEGATED_EQUALITY[inner.operatorToken.kind];
    if (swapped) return `if (${nodeText(inner.left, sourceFile)} ${swapped} ${nodeText(inner.right, sourceFile)}) SKIP;`;
  }
  return `if (!${node ? negatable(node, sourceFile) : paren(text)}) SKIP;`;
}

const NEGATED_EQUALITY: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '!==',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '===',
  [ts.SyntaxKind.EqualsEqualsToken]: '!=',
  [ts.SyntaxKind.ExclamationEqualsToken]: '==',
};

/** Text of `node` fit to follow `!`: parenthesised unless it is a primary, member access, call or prefix operation. */
function negatable(node: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = nodeText(node, sourceFile);
  const tight = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ||
    ts.isCallExpression(node) || ts.isParenthesizedExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isLiteralExpression(node);
  return tight ? text : `(${text})`;
}

/** Text of a callback's single expression fit to be the condition of `?:`. */
export function conditionText(callback: CallbackInfo, sourceFile: ts.SourceFile): string {
  const body = bodyOf(callback);
  if (!body) throw new Error('callback has no single expression');
  const text = nodeText(body, sourceFile);
  const loose = ts.isConditionalExpression(body) || ts.isArrowFunction(body) || ts.isYieldExpression(body) ||
    (ts.isBinaryExpression(body) && (body.operatorToken.kind === ts.SyntaxKind.CommaToken ||
      (body.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && body.operatorToken.kind <= ts.SyntaxKind.LastAssignment)));
  return loose ? `(${text})` : text;
}

function bodyOf(callback: CallbackInfo): ts.Expression | undefined {
  const fn = callback.fn;
  if (!fn || !ts.isArrowFunction(fn) || fn.asteriskToken || fn.modifiers?.length) return undefined;
  if (!ts.isBlock(fn.body)) return fn.body;
  const [only] = fn.body.statements;
  return fn.body.statements.length === 1 && ts.isReturnStatement(only) && only.expression ? only.expression : undefined;
}

export function expressionText(callback: CallbackInfo, sourceFile: ts.SourceFile): string {
  const body = bodyOf(callback);
  if (!body) throw new Error('callback has no single expression');
  return nodeText(body, sourceFile);
}

function isUnary(callback: CallbackInfo): boolean {
  const inner = skipOuter(callback.node);
  return ts.isIdentifier(inner) && UNARY_BUILTINS.has(inner.text);
}

function applyUnary(callback: CallbackInfo, value: string): string {
  const name = (skipOuter(callback.node) as ts.Identifier).text;
  return name === 'Boolean' ? value : `${name}(${value})`;
}

/** Parentheses unless the text is a name, member access or call (which bind tighter than `!` and `?:`). */
export function paren(text: string): string {
  return /^[\w$.]+(\([^()]*\))?$/.test(text) || /^\(.*\)$/.test(text) && balanced(text.slice(1, -1)) ? text : `(${text})`;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function declare(name: ts.BindingName, declared: Set<string>): boolean {
  if (ts.isIdentifier(name)) {
    if (declared.has(name.text)) return false;
    declared.add(name.text);
    return true;
  }
  return name.elements.every((e) => ts.isOmittedExpression(e) || declare(e.name, declared));
}

export function collectIdentifiers(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => collectIdentifiers(child, into));
}

/** `base`, or `base2`, `base3`, … whichever no callback mentions. */
export function fresh(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** Whether no callback refers to a variable the fused callback now declares, other than its own parameters. */
export function capturesNothing(callbacks: readonly CallbackInfo[], declared: ReadonlySet<string>): boolean {
  return callbacks.every((callback) => {
    if (!callback.fn) return true;
    const own = new Set<string>();
    for (const param of callback.fn.parameters) bindingNames(param.name, own);
    const refs = new Set<string>();
    collectReferences(callback.fn.body, refs);
    return [...refs].every((name) => own.has(name) || !declared.has(name));
  });
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, into);
}

/** Identifiers used as variables in `node` (property names after `.` and in object literals are not). */
function collectReferences(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) {
    const parent = node.parent;
    const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
      (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isBindingElement(parent) && parent.propertyName === node);
    if (!isName) into.add(node.text);
    return;
  }
  ts.forEachChild(node, (child) => collectReferences(child, into));
}

/** Text of `node` with every variable reference `from` spelled `to`; undefined if something in it rebinds `from`. */
function renamedText(node: ts.Expression, from: string, to: string, sourceFile: ts.SourceFile): string | undefined {
  const start = node.getStart(sourceFile);
  const edits: number[] = [];
  let shadowed = false;
  const visit = (current: ts.Node): void => {
    if ((ts.isParameter(current) || ts.isVariableDeclaration(current) || ts.isBindingElement(current)) && bindsName(current.name, from)) {
      shadowed = true;
    } else if (ts.isIdentifier(current) && current.text === from) {
      const parent = current.parent;
      if (ts.isShorthandPropertyAssignment(parent)) shadowed = true;
      else if (!(ts.isPropertyAccessExpression(parent) && parent.name === current) && !(ts.isPropertyAssignment(parent) && parent.name === current)) {
        edits.push(current.getStart(sourceFile) - start);
      }
    }
    ts.forEachChild(current, visit);
  };
  visit(node);
  if (shadowed) return undefined;
  let text = nodeText(node, sourceFile);
  for (const offset of edits.reverse()) text = text.slice(0, offset) + to + text.slice(offset + from.length);
  return text;
}

function bindsName(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, text));
}

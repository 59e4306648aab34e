import ts from './ts-api.ts';
import { indentationOf, nodeText } from './edits.ts';
import type { Step } from './fusion.ts';
import { collectIdentifiers, fresh } from './fusion.ts';
import { isFunctionLike } from './iteration.ts';
import { UNARY_BUILTINS } from './purity.ts';
import type { Render } from './relocate.ts';
import { bindsName, indentUnit, Writer } from './relocate.ts';

type Line = { text: Render } | { guard: Render; negated: Render };

/** A callback taken apart for inlining. */
interface Parts {
  step: Step;
  builtin?: string;
  fn?: ts.ArrowFunction | ts.FunctionExpression;
  /** The value parameter, when the body reads it. */
  value?: ts.ParameterDeclaration;
  index?: ts.Identifier;
  /** Block statements before the final `return`. */
  statements: readonly ts.Statement[];
  result?: ts.Expression;
  /** Names the callback binds itself: its parameters and its block's top-level declarations. */
  own: Set<string>;
}

type Input = { name: string } | { expr: Render };

/**
 * `Array.from(function* () { for (const x of src) { …; yield v; } }())`: the steps composed into one generator
 * over `receiver`, stopping after `limit` values when given. Each callback is inlined with its parameters bound to
 * the previous step's value; a callback's index becomes the source index (`entries()`) while no filter ran before
 * it, otherwise a counter of the elements that reached it. Comments between the steps move above the step's code.
 *
 * Undefined when this cannot be done by text alone: a callback that is not an inline function (or
 * `Boolean`/`Number`/`String`), reads its array, returns anywhere but at its end, declares `var`, assigns a
 * parameter, has type parameters, a return type (but `boolean` on a filter) or a type predicate; `this`,
 * `arguments`, `super`, `new.target`, `await` or `yield` that would change meaning inside `function*`; or a name
 * the generator declares that other code would then capture.
 */
export function generatorPipeline(receiver: ts.Expression, steps: readonly Step[], limit: number | undefined, end: ts.Node, sourceFile: ts.SourceFile): string | undefined {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return undefined;
  const parts = steps.map(partsOf);
  if (!keepsMeaning(receiver) || parts.some((p) => !p || (p.fn && !keepsMeaning(p.fn.body)))) return undefined;
  const all = parts as Parts[];
  if (all[0].step.name === 'map' && !all[0].value && !all[0].builtin) return undefined;
  const writer = new Writer(sourceFile, receiver, end);
  const taken = new Set<string>();
  for (const node of [receiver, ...steps.map((s) => s.call.arguments[0])]) collectIdentifiers(node, taken);
  const declared = new Set<string>();
  const declare = (name: string) => !declared.has(name) && !!declared.add(name);
  const before: string[] = [];
  const lines: Line[] = [];

  // The element each turn of the loop starts from, and the source index when a callback reads it unfiltered.
  const firstFilter = steps.findIndex((s) => s.name === 'filter');
  const unfiltered = all.slice(0, firstFilter === -1 ? all.length : firstFilter + 1);
  const sourceIndex = unfiltered.find((p) => p.index)?.index?.text;
  if (sourceIndex !== undefined) declare(sourceIndex);
  const first = all[0];
  const firstValue = first.value;
  const headLines: Line[] = [];
  let element: string;
  let input: Input;
  if (firstValue && !firstValue.type && ts.isIdentifier(firstValue.name)) {
    element = firstValue.name.text;
    if (!declare(element)) return undefined;
    input = { name: element };
  } else if (firstValue && !firstValue.type && first.step.name === 'map') {
    element = writer.text(firstValue.name, new Map())?.('') ?? '';
    if (!declareAll(firstValue.name, declared)) return undefined;
    input = { name: element };
  } else {
    element = fresh('item', taken);
    declare(element);
    input = { name: element };
    if (firstValue) {
      const pattern = writer.text(firstValue.name, new Map());
      if (!pattern || !declareAll(firstValue.name, declared)) return undefined;
      const typeText = firstValue.type ? `: ${nodeText(firstValue.type, sourceFile)}` : '';
      headLines.push({ text: (indent) => `const ${pattern(indent)}${typeText} = ${element};` });
      if (first.step.name === 'filter' && ts.isIdentifier(firstValue.name)) input = { name: firstValue.name.text };
    }
  }

  for (const [k, part] of all.entries()) {
    const renames = new Map<string, string>();
    const stepLines: Line[] = k === 0 ? headLines : [];
    const bind = (target: string | Render, value: string | Render, type?: ts.TypeNode) => {
      const typeText = type ? `: ${nodeText(type, sourceFile)}` : '';
      const text = (r: string | Render, indent: string) => (typeof r === 'string' ? r : r(indent));
      stepLines.push({ text: (indent) => `const ${text(target, indent)}${typeText} = ${text(value, indent)};` });
    };
    const materialize = (expr: Render): string => {
      const name = fresh('value', taken);
      declare(name);
      bind(name, expr);
      return name;
    };
    const nameFor = (param: ts.Identifier): string | undefined => {
      if (declare(param.text)) return param.text;
      const renamed = fresh(param.text, taken);
      renames.set(param.text, renamed);
      return declare(renamed) ? renamed : undefined;
    };
    // The value parameter (the loop head binds the first callback's).
    const value = part.value;
    const bindValue = (): boolean => {
      if (part.builtin || !value) {
        if (!('expr' in input) || (part.step.name === 'map' && part.builtin)) return true;
        // A map whose value nothing reads would be computed for nothing; a filter passes its input on.
        if (part.step.name === 'map') return false;
        input = { name: materialize(input.expr) };
        return true;
      }
      if (ts.isIdentifier(value.name)) {
        const param = value.name;
        if ('name' in input && !value.type && (param.text === input.name || !usesIdentifier(part.fn as ts.Node, input.name))) {
          if (param.text !== input.name) renames.set(param.text, input.name);
          return true;
        }
        const name = nameFor(param);
        if (!name) return false;
        bind(name, 'name' in input ? input.name : input.expr, value.type);
        input = { name };
        return true;
      }
      if (!declareAll(value.name, declared)) return false;
      if ('expr' in input) input = { name: materialize(input.expr) };
      const pattern = writer.text(value.name, renames);
      if (!pattern) return false;
      bind(pattern, input.name, value.type);
      return true;
    };
    if (k > 0 && !bindValue()) return undefined;
    // The index parameter.
    if (part.index) {
      if (k < unfiltered.length) {
        if (part.index.text !== sourceIndex) {
          const name = nameFor(part.index);
          if (!name) return undefined;
          bind(name, sourceIndex as string);
        }
      } else {
        const counter = fresh('position', taken);
        declare(counter);
        before.push(`let ${counter} = 0;`);
        const name = nameFor(part.index);
        if (!name) return undefined;
        bind(name, `${counter}++`);
      }
    }
    // The body.
    for (const name of topLevelNames(part.statements)) if (!declare(name)) return undefined;
    if (part.statements.length > 0) {
      const text = writer.text(part.statements, renames, { statements: true });
      if (!text) return undefined;
      stepLines.push({ text });
    }
    const valueText: Render | undefined = part.result ? writer.text(part.result, renames, { parenthesize: isComma(part.result) }) : builtinCall(part, input);
    if (!valueText) return undefined;
    if (part.step.name === 'filter') {
      const negated = part.result ? writer.negation(part.result, renames) : (indent: string) => `!${valueText(indent)}`;
      if (!negated) return undefined;
      stepLines.push({ guard: valueText, negated });
    } else {
      input = { expr: valueText };
    }
    lines.push(...writer.commentsOf(part.step.call).map((c) => ({ text: () => c })), ...stepLines);
  }
  if (!all.every((p) => capturesNothing(p, declared)) || references(receiver).some((name) => declared.has(name))) return undefined;

  const result = input;
  const tail: Render[] = [(indent) => `yield ${'name' in result ? result.name : result.expr(indent)};`];
  if (limit !== undefined) {
    const count = fresh('count', taken);
    before.push(...writer.commentsAfter(steps[steps.length - 1].call), `let ${count} = 0;`);
    tail.push(() => `if (++${count} === ${limit}) return;`);
  }
  const unit = indentUnit(sourceFile);
  const outer = indentationOf(end, sourceFile);
  const [i1, i2] = [outer + unit, outer + unit + unit];
  // The last filter wraps the yield (`if (u.active) yield u.name;`); earlier ones skip the element.
  const body = lines.map((line, n) => {
    if (!('guard' in line)) return line.text(i2);
    if (n < lines.length - 1) return `if (${line.negated(i2)}) continue;`;
    if (tail.length === 1) return `if (${line.guard(i2)}) ${tail[0](i2)}`;
    return `if (${line.guard(i2)}) {\n${tail.map((t) => `${i2}${unit}${t(i2 + unit)}`).join('\n')}\n${i2}}`;
  });
  const last = lines[lines.length - 1];
  if (!last || !('guard' in last)) body.push(...tail.map((t) => t(i2)));
  const head = sourceIndex === undefined
    ? `const ${element} of ${forOfText(receiver, sourceFile)}`
    : `const [${sourceIndex}, ${element}] of ${nodeText(receiver, sourceFile)}.entries()`;
  return [
    'Array.from(function* () {',
    ...before.map((l) => `${i1}${l}`),
    `${i1}for (${head}) {`,
    ...body.map((l) => `${i2}${l}`),
    `${i1}}`,
    `${outer}}())`,
  ].join('\n');
}

function partsOf(step: Step): Parts | undefined {
  const { callback } = step;
  const node = callback.node;
  if (ts.isIdentifier(node) && UNARY_BUILTINS.has(node.text)) return { step, builtin: node.text, statements: [], own: new Set() };
  const fn = callback.fn;
  if (!fn || fn !== node || callback.reads > 2 || fn.asteriskToken || fn.modifiers?.length || fn.typeParameters) return undefined;
  if (ts.isFunctionExpression(fn) && fn.name || !fn.parameters.every(keepsMeaning)) return undefined;
  if (fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name) && fn.parameters[0].name.text === 'this') return undefined;
  if (fn.type && !(step.name === 'filter' && fn.type.kind === ts.SyntaxKind.BooleanKeyword)) return undefined;
  const [value, index] = fn.parameters;
  if (fn.parameters.some((p) => p.dotDotDotToken || p.initializer)) return undefined;
  const own = new Set<string>();
  for (const p of fn.parameters) bindingNames(p.name, own);
  let statements: readonly ts.Statement[] = [];
  let result: ts.Expression;
  if (ts.isBlock(fn.body)) {
    const last = fn.body.statements[fn.body.statements.length - 1];
    if (!last || !ts.isReturnStatement(last) || !last.expression) return undefined;
    statements = fn.body.statements.slice(0, -1);
    if (statements.some((s) => containsReturnOrVar(s))) return undefined;
    for (const name of topLevelNames(statements)) own.add(name);
    result = last.expression;
  } else {
    // `(u) => ({ … })` needs its parentheses only as an arrow body.
    result = ts.isParenthesizedExpression(fn.body) && ts.isObjectLiteralExpression(fn.body.expression) ? fn.body.expression : fn.body;
  }
  const valueUsed = value && (!ts.isIdentifier(value.name) || usesIdentifier(fn.body, value.name.text));
  const indexUsed = callback.reads === 2 && index && ts.isIdentifier(index.name) ? index.name : undefined;
  if (callback.reads === 2 && !indexUsed) return undefined;
  const params = [...own].filter((n) => fn.parameters.some((p) => bindsName(p.name, n)));
  if (params.some((name) => assigns(fn.body, name))) return undefined;
  return { step, fn, value: valueUsed ? value : undefined, index: indexUsed, statements, result, own };
}

/** Whether moving `node` into a `function*` keeps what its `this`, `arguments`, `super`, `await` and `yield` mean. */
function keepsMeaning(node: ts.Node): boolean {
  const visit = (current: ts.Node, inFunction: boolean): boolean => {
    if (current.kind === ts.SyntaxKind.ThisKeyword || current.kind === ts.SyntaxKind.SuperKeyword || ts.isMetaProperty(current)) return inFunction;
    if (ts.isIdentifier(current) && current.text === 'arguments') return inFunction;
    if (ts.isAwaitExpression(current) || ts.isYieldExpression(current) || ts.isForOfStatement(current) && current.awaitModifier) {
      if (!inFunction && !isInsideArrow(current, node)) return false;
    }
    const nested = inFunction || (isFunctionLike(current) && !ts.isArrowFunction(current)) || ts.isClassLike(current);
    return ts.forEachChild(current, (child) => (visit(child, nested) ? undefined : true)) === undefined;
  };
  return visit(node, false);
}

function isInsideArrow(node: ts.Node, root: ts.Node): boolean {
  for (let current = node.parent; current && current !== root; current = current.parent) if (ts.isArrowFunction(current)) return true;
  return false;
}

/** Whether a `return` or `var` in these statements belongs to the callback itself (not to a nested function). */
function containsReturnOrVar(node: ts.Node): boolean {
  if (ts.isReturnStatement(node)) return true;
  if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) return true;
  if (isFunctionLike(node) || ts.isClassLike(node)) return false;
  return ts.forEachChild(node, (child) => containsReturnOrVar(child) || undefined) ?? false;
}

function topLevelNames(statements: readonly ts.Statement[]): string[] {
  const names = new Set<string>();
  for (const s of statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) bindingNames(d.name, names);
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) names.add(s.name.text);
  }
  return [...names];
}

function bindingNames(name: ts.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bindingNames(e.name, into);
}

function declareAll(name: ts.BindingName, declared: Set<string>): boolean {
  const names = new Set<string>();
  bindingNames(name, names);
  if ([...names].some((n) => declared.has(n))) return false;
  for (const n of names) declared.add(n);
  return true;
}

/** Whether `name` is written anywhere in `node`: assigned, incremented, or a destructuring or `for` target. */
function assigns(node: ts.Node, name: string): boolean {
  const isTarget = (target: ts.Node): boolean =>
    ts.isIdentifier(target) ? target.text === name : ts.isParenthesizedExpression(target) || ts.isArrayLiteralExpression(target) ||
      ts.isObjectLiteralExpression(target) || ts.isSpreadElement(target) || ts.isPropertyAssignment(target) ||
      ts.isShorthandPropertyAssignment(target) || ts.isSpreadAssignment(target)
      ? ts.forEachChild(target, (child) => isTarget(child) || undefined) ?? false : false;
  const visit = (current: ts.Node): boolean => {
    if (ts.isBinaryExpression(current) && current.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      current.operatorToken.kind <= ts.SyntaxKind.LastAssignment && isTarget(current.left)) return true;
    if ((ts.isPrefixUnaryExpression(current) || ts.isPostfixUnaryExpression(current)) &&
      (current.operator === ts.SyntaxKind.PlusPlusToken || current.operator === ts.SyntaxKind.MinusMinusToken) && isTarget(current.operand)) return true;
    if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && !ts.isVariableDeclarationList(current.initializer) && isTarget(current.initializer)) return true;
    return ts.forEachChild(current, visit) ?? false;
  };
  return visit(node);
}

function usesIdentifier(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) ? node.text === name : ts.forEachChild(node, (child) => usesIdentifier(child, name) || undefined) ?? false;
}

/** Names `node` uses as variables (property names after `.` and in object literals are not). */
function references(node: ts.Node, into: string[] = []): string[] {
  if (ts.isIdentifier(node)) {
    const parent = node.parent;
    const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
      (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isBindingElement(parent) && parent.propertyName === node);
    if (!isName) into.push(node.text);
  }
  ts.forEachChild(node, (child) => void references(child, into));
  return into;
}

/** Whether the callback refers only to its own names and to outer variables that the generator does not shadow. */
function capturesNothing(part: Parts, declared: ReadonlySet<string>): boolean {
  return !part.fn || references(part.fn).every((name) => part.own.has(name) || !declared.has(name));
}

function isComma(node: ts.Expression): boolean {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.CommaToken;
}

function builtinCall(part: Parts, input: Input): Render {
  const value: Render = 'name' in input ? () => input.name : input.expr;
  return part.builtin === 'Boolean' ? value : (indent) => `${part.builtin}(${value(indent)})`;
}

/** The iterable of `for…of`: the receiver without the parentheses member access needed, unless it is a comma list. */
function forOfText(receiver: ts.Expression, sourceFile: ts.SourceFile): string {
  return ts.isParenthesizedExpression(receiver) && !isComma(receiver.expression) ? nodeText(receiver.expression, sourceFile) : nodeText(receiver, sourceFile);
}

import ts from 'typescript';
import { classify } from '../ast/collections.ts';
import { quote, receiverText } from '../ast/quote.ts';
import type { Copy } from '../ast/copies.ts';
import { copyAt, isFreshArray, isStatic, mayChangeDuring, outerOf } from '../ast/copies.ts';
import { nodeText, replaceNode } from '../ast/edits.ts';
import { isFunctionLike, methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import { declarationKeyword, isKnownDense, referencesTo } from '../ast/locals.ts';
import { callbackInfo, isPure, isPureCall, UNARY_BUILTINS } from '../ast/purity.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

/** Array methods that only read their receiver and return something that does not alias it, with the argument index of the array passed to callbacks. */
const READ_METHODS: Readonly<Record<string, number | undefined>> = {
  forEach: 2, map: 2, filter: 2, some: 2, every: 2, find: 2, findIndex: 2, findLast: 2, findLastIndex: 2, flatMap: 2,
  reduce: 3, reduceRight: 3, toSorted: undefined, includes: undefined, indexOf: undefined, lastIndexOf: undefined,
  join: undefined, at: undefined, slice: undefined, concat: undefined, flat: undefined, toReversed: undefined,
  with: undefined, toSpliced: undefined,
};

/** Methods that skip holes (or keep them) where a spread copy would visit `undefined`. */
const HOLE_SENSITIVE: ReadonlySet<string> = new Set([
  'forEach', 'map', 'filter', 'some', 'every', 'flatMap', 'reduce', 'reduceRight', 'indexOf', 'lastIndexOf', 'slice',
  'concat', 'flat',
]);

const ITERATOR_METHODS: ReadonlySet<string> = new Set(['keys', 'values', 'entries']);

const HOLES_CAVEAT = 'if the array can have holes, the copy visited them as `undefined` where the method skips them';

const COPY_TEXT: Record<Copy['kind'], string> = { spread: '[...…]', from: 'Array.from(…)', slice: '.slice()', concat: '.concat()' };

export const needlessCopy: Rule = {
  id: 'needless-copy',
  family: 'copy',
  defaultSeverity: 'info',
  fixSafety: 'mixed',
  types: 'optional',
  summary: 'An array copied (`[...a]`, `Array.from(a)`, `a.slice()`) only to be read once, or a fresh array copied again.',
  why: [
    'A copy allocates a new array and writes every element into it: O(n) time and memory, plus garbage to collect.',
    'It buys something only when someone changes the original or the copy: `[...a].sort()`, or a loop that removes',
    'from the array it walks. Before `map`, `filter`, `forEach`, `some`, `join` or `.length`, before a `for…of` whose body',
    'never changes the array, around an array a method has just built (`[...a.map(f)]`), or as the argument of',
    '`new Set(…)` / `Promise.all(…)`, which take any iterable, the copy is pure overhead.',
    'A `JSON.parse(JSON.stringify(x))` deep copy that is only read costs a full serialise and parse of `x`.',
  ].join(' '),
  fixSafetyNotes: [
    'The fix drops the copy. It is reported only when the code that runs while the array is read cannot change it:',
    'the callbacks or loop body never mutate it by name, and when they call unknown functions (or `await`), the array',
    'must be a local variable that never leaves its scope. Copies that protect something are never reported: sorting or',
    'reversing the copy, storing, returning or passing it, the `[...new Set(a)]` idiom, and copies of Sets, Maps,',
    'iterators, NodeLists, `arguments` and strings before an array method (they have none).',
    '\n\nThe fix is **safe** unless: the spread or `Array.from` copy turned holes of a sparse array into `undefined` and',
    'the method skips holes (`forEach`, `map`, `filter`, `some`, `every`, `reduce`, `indexOf`, …) and the array is not',
    'known to be dense (a literal without gaps, or the result of `filter`, `split`, `Object.keys`, `Array.from`, …);',
    'or a callback reads its array argument, which becomes the original instead of the copy. `slice()` and `concat()`',
    'keep holes, so dropping them never changes which elements are visited.',
    '\n\n`JSON.parse(JSON.stringify(x))` is reported when the checker shows every use reads a primitive out of the copy.',
    'Its fix is only a suggestion: the original keeps `Date` objects, `undefined`, `NaN` and class instances that the',
    'JSON round trip converts or drops, and later changes to `x` become visible.',
  ].join(' '),
  examples: {
    invalid: [
      'export function labels(items: { name: string }[]) {\n  return [...items].map((item) => item.name.toUpperCase());\n}',
      'export function total(prices: number[]) {\n  let sum = 0;\n  for (const price of prices.slice()) sum += price;\n  return sum;\n}',
      "export function ids(rows: { id: string }[]) {\n  return [...rows.map((row) => row.id)];\n}",
      'export function unique(tags: string[]) {\n  return new Set([...tags]);\n}',
      'export function count(ids: number[]) {\n  return Array.from(ids).length;\n}',
    ],
    valid: [
      'export function sorted(items: number[]) {\n  return [...items].sort((a, b) => a - b);\n}',
      'export function unique(tags: string[]) {\n  return [...new Set(tags)].map((tag) => tag.trim());\n}',
      'export function dispatch(listeners: Array<(event: string) => void>, event: string) {\n  for (const listener of [...listeners]) listener(event);\n}',
      'export function prune(queue: number[]) {\n  for (const item of queue.slice()) {\n    if (item < 0) queue.splice(queue.indexOf(item), 1);\n  }\n}',
      'export function chars(word: string) {\n  return [...word].map((c) => c.charCodeAt(0));\n}',
    ],
  },
  kinds: [ts.SyntaxKind.ArrayLiteralExpression, ts.SyntaxKind.CallExpression],
  check(node, context) {
    const copy = copyAt(node);
    if (!copy) {
      if (ts.isCallExpression(node)) checkJsonClone(node, context);
      return;
    }
    if (hasComments(copy, context.sourceFile)) return;
    const { top, parent } = outerOf(copy.node);
    if ((copy.kind === 'spread' || copy.kind === 'from') && isFreshArray(copy.source, context.checker) && !copyAt(skipOuter(copy.source))) {
      reportFreshClone(copy, context);
    } else if (ts.isPropertyAccessExpression(parent) && parent.expression === top && !parent.questionDotToken) {
      checkMember(copy, parent, context);
    } else if (ts.isForOfStatement(parent) && parent.expression === top) {
      checkLoop(copy, parent, 'value', context);
    } else if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.[0] === top &&
      (copy.kind === 'spread' || copy.kind === 'from')) {
      checkConsumer(copy, parent, context);
    }
  },
};

function reportFreshClone(copy: Copy, context: RuleContext): void {
  const { sourceFile, checker } = context;
  const source = skipOuter(copy.source);
  const producer = `\`${quote(source, sourceFile)}\``;
  const dense = isKnownDense(source, checker);
  context.report({
    node: copy.node,
    message: `${producer} already returns a new array: \`${COPY_TEXT[copy.kind]}\` copies it again, an extra O(n) pass and allocation. Use it as is.`,
    related: [{ node: source, message: 'this already builds a fresh array' }],
    fixes: [fixReplacing(copy, 'Drop the second copy', dense, dense ? undefined : HOLES_CAVEAT, context, 'value')],
  });
}

/** `[...a].map(f)`, `a.slice().forEach(f)`, `[...a].length`, `[...a].entries()` in a `for…of`. */
function checkMember(copy: Copy, access: ts.PropertyAccessExpression, context: RuleContext): void {
  const { checker } = context;
  const name = access.name.text;
  const sourceKind = classify(copy.source, checker);
  if (name === 'length') {
    if (isWritten(access)) return;
    if (sourceKind === 'array') reportLength(copy, copy.source, access, 'length', context);
    const iterated = copy.kind === 'spread' || copy.kind === 'from' ? iterableSource(copy.source, checker) : undefined;
    if (!iterated || iterated.kind === 'string' || iterated.kind === 'array') return;
    // `[...map.keys()].length` counts what `map.size` already knows; an array's `keys()` has its `length`.
    const ownerKind = classify(iterated.owner, checker);
    reportLength(copy, iterated.owner, access, ownerKind === 'array' ? 'length' : 'size', context);
    return;
  }
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return;
  if (ITERATOR_METHODS.has(name)) {
    const { top, parent } = outerOf(call);
    if (ts.isForOfStatement(parent) && parent.expression === top && sourceKind === 'array') checkLoop(copy, parent, 'receiver', context);
    return;
  }
  if (!Object.hasOwn(READ_METHODS, name) || sourceKind !== 'array') return;
  const arrayIndex = READ_METHODS[name];
  const functions = call.arguments.filter((arg) => isFunctionLike(skipOuter(arg)));
  // A callback passed by reference may do anything with anything it can reach.
  const callbackArg = arrayIndex !== undefined || name === 'toSorted' ? call.arguments[0] : undefined;
  const opaque = callbackArg !== undefined && !isFunctionLike(skipOuter(callbackArg)) &&
    !(ts.isIdentifier(skipOuter(callbackArg)) && UNARY_BUILTINS.has((skipOuter(callbackArg) as ts.Identifier).text));
  const change = mayChangeDuring(copy.source, functions.map((f) => skipOuter(f)), opaque, checker);
  // A `forEach` that calls out is how listeners are dispatched: the copy keeps the walk stable if one unsubscribes.
  if (change === 'named' || (change === 'opaque' && name === 'forEach')) return;
  let arrayParamRead = false;
  if (arrayIndex !== undefined && call.arguments[0]) {
    const callback = callbackInfo(call.arguments[0]);
    if (callback.reads > arrayIndex) {
      const param = callback.fn?.parameters[arrayIndex];
      // A callback that changes the array it is handed changes the copy now and would change the original.
      if (param && ts.isIdentifier(param.name) && callback.fn && mayChangeDuring(param.name, [callback.fn.body], false, checker) !== 'no') return;
      arrayParamRead = true;
    }
  }
  const holes = (copy.kind === 'spread' || copy.kind === 'from') && HOLE_SENSITIVE.has(name) && !isKnownDense(copy.source, checker);
  const caveats = [
    ...(holes ? [HOLES_CAVEAT] : []),
    ...(change === 'opaque' ? [`the callback calls code that could change \`${quote(copy.source, context.sourceFile)}\` while it is read`] : []),
    ...(arrayParamRead ? [`the callback's array argument becomes \`${quote(copy.source, context.sourceFile)}\` itself instead of a copy`] : []),
  ];
  const sourceText = quote(copy.source, context.sourceFile);
  context.report({
    node: copy.node,
    message: `\`${quote(copy.node, context.sourceFile)}\` copies \`${sourceText}\` only for \`.${name}()\` to read it: an extra O(n) array on every call. Call \`${name}\` on \`${sourceText}\` directly.`,
    related: [{ node: access.name, message: `\`${name}\` only reads the copy` }],
    fixes: [fixReplacing(copy, `Call \`${name}\` on \`${sourceText}\` directly`, caveats.length === 0, caveats.join('; ') || undefined, context, 'receiver')],
  });
}

function reportLength(
  copy: Copy, owner: ts.Expression, access: ts.PropertyAccessExpression, property: 'length' | 'size', context: RuleContext,
): void {
  const { sourceFile } = context;
  const sourceText = quote(owner, sourceFile);
  context.report({
    node: copy.node,
    message: `\`${quote(access, sourceFile)}\` copies every element of \`${quote(copy.source, sourceFile)}\` to count them: O(n) for what \`${sourceText}.${property}\` gives in O(1).`,
    fixes: [{
      title: `Use \`${sourceText}.${property}\``,
      safe: true,
      edits: [replaceNode(access, sourceFile, `${receiverText(owner, sourceFile)}.${property}`)],
    }],
  });
}

/** `for (const x of [...items])`: the copy is needless when the body cannot change `items`. */
function checkLoop(copy: Copy, loop: ts.ForOfStatement, position: 'receiver' | 'value', context: RuleContext): void {
  const { checker, sourceFile } = context;
  if (loop.awaitModifier) return;
  const iterated = iterableSource(copy.source, checker);
  if (!iterated) return;
  if ((copy.kind === 'slice' || copy.kind === 'concat') && iterated.kind !== 'array') return;
  if (mayChangeDuring(iterated.owner, [loop.statement], false, checker) !== 'no') return;
  const sourceText = quote(copy.source, sourceFile);
  context.report({
    node: copy.node,
    message: `\`${quote(copy.node, sourceFile)}\` copies \`${sourceText}\` before a loop that never changes it: an extra O(n) array. Iterate \`${sourceText}\` directly.`,
    related: [{ node: loop.statement, message: 'this loop body does not change it' }],
    fixes: [fixReplacing(copy, `Iterate \`${sourceText}\` directly`, true, undefined, context, position)],
  });
}

const CONSUMERS: Readonly<Record<string, readonly string[]>> = {
  Promise: ['all', 'allSettled', 'any', 'race'],
  Object: ['fromEntries'],
  Array: ['from'],
};
const CONSTRUCTORS: ReadonlySet<string> = new Set(['Set', 'Map', 'WeakSet', 'WeakMap']);

/** `new Set([...tags])`, `Promise.all([...jobs])`, `Object.fromEntries([...map])`: the callee takes any iterable. */
function checkConsumer(copy: Copy, consumer: ts.CallExpression | ts.NewExpression, context: RuleContext): void {
  const { checker, sourceFile } = context;
  let description: string;
  if (ts.isNewExpression(consumer)) {
    if (!ts.isIdentifier(consumer.expression) || !CONSTRUCTORS.has(consumer.expression.text) || consumer.arguments?.length !== 1) return;
    description = `new ${consumer.expression.text}(…)`;
  } else {
    const owner = Object.keys(CONSUMERS).find((o) => isStatic(consumer, o, CONSUMERS[o]));
    // `Array.from([...x])` alone is a copy of a fresh array, reported on the outer call.
    if (!owner || (owner === 'Array' ? consumer.arguments.length !== 2 : consumer.arguments.length !== 1)) return;
    description = `${owner}.${methodName(consumer)}(…)`;
  }
  const iterated = iterableSource(copy.source, checker);
  if (!iterated) return;
  const mapper = ts.isCallExpression(consumer) ? consumer.arguments[1] : undefined;
  if (mapper && mayChangeDuring(iterated.owner, [mapper], !isFunctionLike(skipOuter(mapper)), checker) !== 'no') return;
  const sourceText = quote(copy.source, sourceFile);
  context.report({
    node: copy.node,
    message: `\`${description}\` accepts any iterable: \`${quote(copy.node, sourceFile)}\` copies \`${sourceText}\` into an array first for nothing (O(n) extra).`,
    fixes: [fixReplacing(copy, `Pass \`${sourceText}\` directly`, true, undefined, context, 'value')],
  });
}

/** The built-in iterable `expr` is (an array, Set, Map, string, or `keys()`/`values()`/`entries()` of one) and what owns its contents. */
function iterableSource(expr: ts.Expression, checker: ts.TypeChecker | undefined): { kind: string; owner: ts.Expression } | undefined {
  const kind = classify(expr, checker);
  if (kind === 'array' || kind === 'set' || kind === 'map' || kind === 'string') return { kind, owner: expr };
  const inner = skipOuter(expr);
  if (ts.isCallExpression(inner) && inner.arguments.length === 0 && ITERATOR_METHODS.has(methodName(inner) ?? '')) {
    const receiver = receiverOf(inner);
    const receiverKind = receiver && classify(receiver, checker);
    if (receiver && (receiverKind === 'array' || receiverKind === 'set' || receiverKind === 'map')) return { kind: 'iterator', owner: receiver };
  }
  return undefined;
}

function fixReplacing(
  copy: Copy, title: string, safe: boolean, caveat: string | undefined, context: RuleContext, position: 'receiver' | 'value',
): Fix {
  const text = position === 'receiver' ? receiverText(copy.source, context.sourceFile) : nodeText(copy.source, context.sourceFile);
  return { title, safe, ...(caveat ? { caveat } : {}), edits: [replaceNode(copy.node, context.sourceFile, text)] };
}



function isWritten(access: ts.Expression): boolean {
  const parent = access.parent;
  if (ts.isBinaryExpression(parent)) return parent.left === access && isAssignment(parent.operatorToken.kind);
  return ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) || ts.isDeleteExpression(parent);
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Comments inside the copy but outside its source would be lost by the fix. */
function hasComments(copy: Copy, sourceFile: ts.SourceFile): boolean {
  const outside = sourceFile.text.slice(copy.node.getStart(sourceFile), copy.source.getStart(sourceFile)) +
    sourceFile.text.slice(copy.source.getEnd(), copy.node.getEnd());
  return outside.includes('//') || outside.includes('/*');
}


const JSON_CAVEAT = 'reads now see the original: `Date`s stay objects instead of strings, `undefined`, `NaN` and class instances ' +
  'are no longer converted or dropped, `toJSON` no longer runs, and later changes to it become visible';

/** `JSON.parse(JSON.stringify(x))` whose every use reads a primitive out of the deep copy. */
function checkJsonClone(call: ts.CallExpression, context: RuleContext): void {
  const { checker, sourceFile } = context;
  if (!checker || !isStatic(call, 'JSON', ['parse']) || call.arguments.length !== 1) return;
  const inner = skipOuter(call.arguments[0]);
  if (!ts.isCallExpression(inner) || !isStatic(inner, 'JSON', ['stringify']) || inner.arguments.length !== 1) return;
  const source = inner.arguments[0];
  const { top, parent } = outerOf(call);
  let uses: ts.Expression[] = [call];
  let position: 'receiver' | 'value' = 'receiver';
  if (ts.isVariableDeclaration(parent) && parent.initializer === top) {
    const statement = parent.parent.parent;
    if (!ts.isIdentifier(parent.name) || declarationKeyword(parent) !== 'const' || !ts.isVariableStatement(statement)) return;
    uses = referencesTo(parent, parent.name.text, statement.parent, checker);
    position = 'value';
  }
  if (uses.length === 0 || !uses.every((use) => readsOnlyPrimitives(use, checker))) return;
  const sourceText = quote(source, sourceFile);
  const replacement = position === 'receiver' ? receiverText(source, sourceFile) : nodeText(source, sourceFile);
  context.report({
    node: call,
    message: `\`JSON.parse(JSON.stringify(${sourceText}))\` deep-copies \`${sourceText}\` (a full serialise and parse, O(size)) only to read values from the copy. Read \`${sourceText}\` directly.`,
    fixes: [{ title: `Read \`${sourceText}\` directly`, safe: false, caveat: JSON_CAVEAT, edits: [replaceNode(call, sourceFile, replacement)] }],
  });
}

/** Whether `expr` is only read through property accesses and pure method calls that end in a primitive value. */
function readsOnlyPrimitives(expr: ts.Expression, checker: ts.TypeChecker): boolean {
  let current = expr;
  for (let depth = 0; ; depth++) {
    const { top, parent } = outerOf(current);
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top) {
      if (ts.isElementAccessExpression(parent) && !isPure(parent.argumentExpression)) return false;
      const call = parent.parent;
      if (ts.isCallExpression(call) && call.expression === parent) {
        if (!isPureCall(call) || !call.arguments.every((arg) => isPure(arg))) return false;
        current = call;
      } else {
        current = parent;
      }
      continue;
    }
    if (depth === 0 || isWritten(top)) return false;
    return isPrimitive(checker.getTypeAtLocation(top)) || consumedAsPrimitive(top, parent);
  }
}

function isPrimitive(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.every(isPrimitive);
  return (type.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike |
    ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void | ts.TypeFlags.EnumLike | ts.TypeFlags.ESSymbolLike)) !== 0;
}

/** An untyped value used only by an operator that reads it as a primitive: a comparison, arithmetic, a condition. */
function consumedAsPrimitive(value: ts.Expression, parent: ts.Node): boolean {
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    return !isAssignment(op) && op !== ts.SyntaxKind.QuestionQuestionToken && op !== ts.SyntaxKind.BarBarToken &&
      op !== ts.SyntaxKind.AmpersandAmpersandToken && op !== ts.SyntaxKind.CommaToken;
  }
  return ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) || ts.isTemplateSpan(parent) ||
    ((ts.isIfStatement(parent) || ts.isWhileStatement(parent)) && parent.expression === value) ||
    (ts.isConditionalExpression(parent) && parent.condition === value);
}

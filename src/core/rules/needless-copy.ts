import ts from '../ast/ts-api.ts';
import { classify } from '../ast/collections.ts';
import { quote, receiverText } from '../ast/quote.ts';
import type { Copy } from '../ast/copies.ts';
import {
  changesNothingShared, copyAt, isFreshArray, isStatic, ITERATOR_METHODS, iterableSource, mayChangeDuring, otherIterable, outerOf,
} from '../ast/copies.ts';
import { nodeText, replaceNode } from '../ast/edits.ts';
import { isFunctionLike, methodName, skipOuter } from '../ast/iteration.ts';
import { declarationKeyword, isKnownDense, referencesTo } from '../ast/locals.ts';
import { callbackInfo, isPure, isPureCall, UNARY_BUILTINS } from '../ast/purity.ts';
import type { Fix, Rule, RuleContext, TextEdit } from '../types.ts';

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
    '`new Set(…)`, `new Map(…)`, `Promise.all(…)`, `Object.fromEntries(…)` or a typed array constructor or `from`, which',
    'take any iterable, the copy is pure overhead.',
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
    '\n\nA spread of any other iterable (a `Set` of unknown type, a generator, an untyped value) is reported before a',
    'consumer that takes any iterable, and before a `for…of` whose body only computes and assigns local variables (no',
    'calls, no property writes, so a live collection cannot change under it). That fix is a suggestion unless the checker',
    'proves the value iterable and never nullish: `new Set(null)` builds an empty Set where `[...null]` threw, `Array.from`',
    'accepts array-likes, `Promise.all` rejects instead of throwing, and a lazy iterable now runs interleaved with the loop body.',
    '\n\nCompared with unicorn `no-useless-spread`: it also flags spreading a literal among other elements, arguments or',
    'properties (`[a, ...[b]]`, `foo(...[a])`, `{...{a}}`), a constant-size style issue with no copy to save, which this rule',
    'leaves to it. It flags `yield* [...x]` and `for await (… of [...x])`, where other code runs between elements and the copy',
    'can be the snapshot that keeps them stable; `[...new Array(n)]`, the idiom that turns holes into `undefined`; and',
    '`[...a.copyWithin(…)]`, whose method returns `a` itself. On an untyped receiver it flags `[...a.slice(1)]`, `concat`,',
    '`toSorted`, `toReversed`, `with` and `splice`, which strings, typed arrays or Immutable.js lists also have (the spread',
    'then converts the result): this rule needs the checker to show an array there, and only trusts `flat`, `toSpliced` and',
    '`split` without types. Like unicorn, it leaves `[...a.map(f)]` on an untyped `a` alone: `a` may be an iterator.',
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
      'export function lookup(pairs: Iterable<[string, number]>) {\n  return new Map([...pairs]);\n}',
    ],
    valid: [
      'export function sorted(items: number[]) {\n  return [...items].sort((a, b) => a - b);\n}',
      'export function unique(tags: string[]) {\n  return [...new Set(tags)].map((tag) => tag.trim());\n}',
      'export function dispatch(listeners: Array<(event: string) => void>, event: string) {\n  for (const listener of [...listeners]) listener(event);\n}',
      'export function prune(queue: number[]) {\n  for (const item of queue.slice()) {\n    if (item < 0) queue.splice(queue.indexOf(item), 1);\n  }\n}',
      'export function chars(word: string) {\n  return [...word].map((c) => c.charCodeAt(0));\n}',
      'export function* all(pages: Iterable<string[]>) {\n  for (const page of pages) yield* [...page];\n}',
    ],
  },
  kinds: [ts.SyntaxKind.ArrayLiteralExpression, ts.SyntaxKind.CallExpression],
  // The copies (`Array.from`, `slice`, `concat`) and `JSON.parse(JSON.stringify(…))`.
  calls: ['from', 'slice', 'concat', 'parse'],
  check(node, context) {
    const copy = copyAt(node);
    if (!copy) {
      if (ts.isCallExpression(node)) checkJsonClone(node, context);
      return;
    }
    if (hasComments(copy, context.sourceFile)) return;
    const { top, parent } = outerOf(copy.node);
    if ((copy.kind === 'spread' || copy.kind === 'from') && isFreshArray(copy.source, context.checker)) {
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
      edits: [replaceKeepingTokensApart(access, sourceFile, `${receiverText(owner, sourceFile)}.${property}`)],
    }],
  });
}

/** `for (const x of [...items])`: the copy is needless when the body cannot change `items`. */
function checkLoop(copy: Copy, loop: ts.ForOfStatement, position: 'receiver' | 'value', context: RuleContext): void {
  const { checker, sourceFile } = context;
  // `for await` lets other code run between turns, which a copy of a shared collection guards against.
  if (loop.awaitModifier) return;
  const iterated = iterableSource(copy.source, checker);
  let caveat: string | undefined;
  if (iterated) {
    if ((copy.kind === 'slice' || copy.kind === 'concat') && iterated.kind !== 'array') return;
    if (mayChangeDuring(iterated.owner, [loop.statement], false, checker) !== 'no') return;
  } else {
    // Any iterable, as long as the body touches nothing a live collection or a generator could depend on.
    if (copy.kind !== 'spread' || !otherIterable(copy.source, checker)) return;
    if (mayChangeDuring(copy.source, [loop.statement], false, checker) !== 'no' || !changesNothingShared(loop.statement, checker)) return;
    caveat = `if \`${quote(copy.source, sourceFile)}\` is a generator or another lazy iterable, it is now consumed while the loop body runs instead of all before it`;
  }
  const sourceText = quote(copy.source, sourceFile);
  context.report({
    node: copy.node,
    message: `\`${quote(copy.node, sourceFile)}\` copies \`${sourceText}\` before a loop that never changes it: an extra O(n) array. Iterate \`${sourceText}\` directly.`,
    related: [{ node: loop.statement, message: 'this loop body does not change it' }],
    fixes: [fixReplacing(copy, `Iterate \`${sourceText}\` directly`, caveat === undefined, caveat, context, position)],
  });
}

const CONSUMERS: Readonly<Record<string, readonly string[]>> = {
  Promise: ['all', 'allSettled', 'any', 'race'],
  Object: ['fromEntries'],
  Array: ['from'],
};
const CONSTRUCTORS: ReadonlySet<string> = new Set(['Set', 'Map', 'WeakSet', 'WeakMap']);
/** Their constructors and `from` take any iterable too; extra constructor arguments only matter for an ArrayBuffer. */
const TYPED_ARRAYS: ReadonlySet<string> = new Set([
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
]);

/** `new Set([...tags])`, `Promise.all([...jobs])`, `Object.fromEntries([...map])`: the callee takes any iterable. */
function checkConsumer(copy: Copy, consumer: ts.CallExpression | ts.NewExpression, context: RuleContext): void {
  const { checker, sourceFile } = context;
  const description = consumerName(consumer);
  if (!description) return;
  const mapper = ts.isCallExpression(consumer) ? consumer.arguments[1] : undefined;
  const iterated = iterableSource(copy.source, checker);
  const sourceText = quote(copy.source, sourceFile);
  let caveat: string | undefined;
  if (iterated) {
    if (mapper && mayChangeDuring(iterated.owner, [mapper], !isFunctionLike(skipOuter(mapper)), checker) !== 'no') return;
  } else {
    // `Array.from` also takes array-likes, which a spread would have rejected; only a spread proves an iterable.
    const other = copy.kind === 'spread' ? otherIterable(copy.source, checker) : undefined;
    if (!other || (mapper && !(isFunctionLike(skipOuter(mapper)) && changesNothingShared(mapper, checker)))) return;
    caveat = otherCaveat(sourceText, description, other, mapper !== undefined);
  }
  context.report({
    node: copy.node,
    message: `\`${description}\` accepts any iterable: \`${quote(copy.node, sourceFile)}\` copies \`${sourceText}\` into an array first for nothing (O(n) extra).`,
    fixes: [fixReplacing(copy, `Pass \`${sourceText}\` directly`, caveat === undefined, caveat, context, 'value')],
  });
}

/** What passing an iterable of unproven type instead of its spread can change, if anything. */
function otherCaveat(sourceText: string, description: string, other: 'proven' | 'maybe', mapper: boolean): string | undefined {
  const caveats: string[] = [];
  if (mapper) caveats.push(`if \`${sourceText}\` is a generator or another lazy iterable, it now runs interleaved with the mapper`);
  if (other === 'maybe') {
    const accepted = description.startsWith('new ')
      ? (description.endsWith('Array(…)') ? 'null, undefined, a number or an ArrayBuffer' : 'null or undefined')
      : description.endsWith('.from(…)') ? 'an array-like without an iterator' : undefined;
    if (accepted) caveats.push(`if \`${sourceText}\` is ${accepted}, \`${description}\` accepts it where the spread threw a TypeError`);
    if (description.startsWith('Promise.')) {
      caveats.push(`if \`${sourceText}\` is not iterable, \`${description}\` returns a rejected promise where the spread threw a TypeError`);
    }
  }
  // `Object.fromEntries` throws the same TypeError the spread did on anything that is not iterable.
  return caveats.length > 0 ? caveats.join('; ') : undefined;
}

/** `new Set(…)`, `Promise.all(…)`, `Uint8Array.from(…)` when the copy is the only iterable argument, else undefined. */
function consumerName(consumer: ts.CallExpression | ts.NewExpression): string | undefined {
  const args = consumer.arguments ?? [];
  if (ts.isNewExpression(consumer)) {
    if (!ts.isIdentifier(consumer.expression)) return undefined;
    const name = consumer.expression.text;
    return (CONSTRUCTORS.has(name) && args.length === 1) || TYPED_ARRAYS.has(name) ? `new ${name}(…)` : undefined;
  }
  const owner = Object.keys(CONSUMERS).find((o) => isStatic(consumer, o, CONSUMERS[o])) ??
    [...TYPED_ARRAYS].find((o) => isStatic(consumer, o, ['from']));
  // `Array.from([...x])` alone is a copy of a fresh array, reported on the outer call; a typed `from` with a mapper
  // or a `thisArg` is left alone, as unicorn does.
  if (!owner || (owner === 'Array' ? args.length !== 2 : args.length !== 1)) return undefined;
  return `${owner}.${methodName(consumer)}(…)`;
}

function fixReplacing(
  copy: Copy, title: string, safe: boolean, caveat: string | undefined, context: RuleContext, position: 'receiver' | 'value',
): Fix {
  const text = position === 'receiver' ? receiverText(copy.source, context.sourceFile) : nodeText(copy.source, context.sourceFile);
  return { title, safe, ...(caveat ? { caveat } : {}), edits: [replaceKeepingTokensApart(copy.node, context.sourceFile, text)] };
}

/** `return[...keys]` and `of[...items]` need a space once the brackets are gone: `return keys`, not `returnkeys`. */
function replaceKeepingTokensApart(node: ts.Node, sourceFile: ts.SourceFile, text: string): TextEdit {
  const edit = replaceNode(node, sourceFile, text);
  const word = /[\w$]/;
  const before = sourceFile.text[edit.start - 1] ?? '';
  const after = sourceFile.text[edit.end] ?? '';
  const newText = `${word.test(before) && word.test(text[0] ?? '') ? ' ' : ''}${text}${word.test(after) && word.test(text.at(-1) ?? '') ? ' ' : ''}`;
  return { ...edit, newText };
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

import ts from '../ast/ts-api.ts';
import { classify, isTinyConstantArray } from '../ast/collections.ts';
import { outerOf } from '../ast/copies.ts';
import { indentationOf, nodeText, optional, replaceNode } from '../ast/edits.ts';
import type { FusedBody, Step } from '../ast/fusion.ts';
import { bind, capturesNothing, conditionText, expressionText, fresh, fuseSteps } from '../ast/fusion.ts';
import { generatorPipeline } from '../ast/generator-pipeline.ts';
import { methodName, receiverOf, skipOuter } from '../ast/iteration.ts';
import { isKnownDense } from '../ast/locals.ts';
import type { CallbackInfo } from '../ast/purity.ts';
import { callbackInfo } from '../ast/purity.ts';
import { quote } from '../ast/quote.ts';
import type { Fix, Rule, RuleContext } from '../types.ts';

/** What consumes the last intermediate array. */
type Terminal =
  | { kind: 'array'; node: ts.Expression }
  | { kind: 'slice'; node: ts.CallExpression; count: number }
  | { kind: 'length' | 'first'; node: ts.Expression }
  | { kind: 'some' | 'every'; node: ts.CallExpression; callback: CallbackInfo }
  | { kind: 'reduce'; node: ts.CallExpression; callback: CallbackInfo; init: ts.Expression };

interface Chain {
  /** The array the first step runs on, without parentheses or casts (for analysis). */
  source: ts.Expression;
  /** The first step's receiver as written, casts included (for fixes). */
  receiver: ts.Expression;
  steps: Step[];
  terminal: Terminal;
}

const INTERLEAVED = 'the callbacks now run interleaved per element instead of one whole pass after another';
const EARLY_EXIT = 'the callbacks now stop running at the first element that decides the result';
const HOLES = 'holes of a sparse array are now visited as `undefined`';

export const intermediateArrayChain: Rule = {
  id: 'intermediate-array-chain',
  family: 'copy',
  defaultSeverity: 'hint',
  fixSafety: 'mixed',
  types: 'optional',
  summary: 'A `map` / `filter` chain that allocates an array only for the next step to read once and drop.',
  why: [
    'Each `map` or `filter` in a chain allocates a new array of up to n elements that the next call reads once and',
    'throws away: O(n) extra memory and garbage per step. It is not quadratic, so this is a hint, but on hot paths and',
    'large arrays it adds up, and some shapes waste more: `filter(f).length` builds an array just to count it,',
    '`filter(f)[0]` tests every element where `find(f)` stops at the first match, `map(f).some(g)` maps everything',
    'before testing, and `…slice(0, k)` processes all n elements to keep k.',
  ].join(' '),
  fixSafetyNotes: [
    'Fixes fuse the steps into one pass. `filter(f).length` becomes a counting `reduce`, and `map`/`filter` steps',
    'before `reduce`, `some` or `every` become one callback that binds each step\'s parameter in turn; these skip holes',
    'exactly like the original. Such a fix is **safe** when the order of observable effects is kept: a single',
    'callback, or callbacks that are all pure (no calls other than known-pure builtins, no assignments, no `await`);',
    'one callback with effects beside another is not enough, since the other may read what it changes. `some`,',
    '`every`, `find` and `take` stop early, so every callback must be pure. Otherwise the fix is a suggestion with the',
    'caveat that callbacks now run interleaved per element. Property reads count as pure; a getter with effects, or a',
    'callback that throws on a later element, is the one case a "safe" fix can change.',
    '\n\n`filter(f)[0]` becomes `find(f)`, safe only when `f` is pure and the array is known to have no holes (`find`',
    'visits holes, `filter` skips them). With `iteratorHelpers` on (ES2025 lib), other chains become',
    '`src.values().map(f).filter(g).toArray()` (`slice(0, k)` → `.take(k)`): callbacks then receive (value, counter)',
    'and no array, so chains whose callbacks read a third argument get no fix, and holes are visited. No fix is offered',
    'when a later callback reads its index (it counts positions in the intermediate array) or when fusing would',
    'rename or capture a variable.',
    '\n\nWithout iterator helpers (the default), chains that end in an array (`filter(f).map(g)`, longer runs, and',
    '`…slice(0, k)`) become one generator drained by `Array.from`:',
    '\n\n```ts\nreturn Array.from(function* () {\n  for (const u of users) {\n    if (u.active) yield u.name;\n  }\n}());\n```',
    '\n\nAn expression rather than a loop hoisted above the statement: it fits wherever the chain stood (an argument, an',
    'arrow body, one side of `&&`), keeps the evaluation order around it, needs no new variable or type annotation',
    '(`Array.from` infers `T[]` from the generator) and becomes iterator helpers mechanically once the lib has them.',
    'Each callback is inlined with its parameter bound to the previous step\'s value (renamed on a clash); a filter',
    'becomes `if (…) continue;` (the last one wraps the `yield`) and `slice(0, k)` a counter that returns after the k-th',
    'value. An index parameter reads the source index (`entries()`) up to the first filter and after it a counter of',
    'the elements that reached the step, which is exactly the index in the intermediate array. The fix is **safe** only',
    'when every callback is pure (they now run interleaved per element, and with `slice` stop early) and the',
    'source is known to have no holes (`for…of` visits them as `undefined`); otherwise it is a suggestion. There is no',
    'fix when a callback is not written inline (but for `Boolean`, `Number`, `String`), reads its array argument,',
    'returns before its last statement, declares `var`, reassigns a parameter or declares a return type other than a',
    'filter\'s `boolean` (a type predicate narrows differently when inlined); when the source or a callback uses `this`,',
    '`arguments`, `super` or `await`, which mean something else inside `function*`; or when a name the generator',
    'declares would shadow one they read. Comments between the steps move above the code of their step.',
  ].join(' '),
  examples: {
    invalid: [
      "export function openCount(tickets: { status: string }[]) {\n  return tickets.filter((t) => t.status === 'open').length;\n}",
      'export function firstAdmin(users: { name: string; admin: boolean }[]) {\n  return users.filter((u) => u.admin)[0];\n}',
      'export function paidTotal(orders: { paid: boolean; total: number }[]) {\n  return orders.filter((o) => o.paid).map((o) => o.total).reduce((sum, t) => sum + t, 0);\n}',
      'export function anyLong(words: string[]) {\n  return words.map((w) => w.trim()).some((w) => w.length > 20);\n}',
      'export function activeNames(users: { name: string; active: boolean }[]) {\n  return users.filter((u) => u.active).map((u) => u.name);\n}',
    ],
    valid: [
      'export function names(users: { name: string }[]) {\n  return users.map((u) => u.name);\n}',
      "export function flags() {\n  return ['a', 'b', 'c'].map((x) => x.toUpperCase()).filter((x) => x !== 'B');\n}",
      'export function twice(users: { id: number }[]) {\n  const ids = users.map((u) => u.id);\n  return [ids.filter((id) => id > 0), ids.length];\n}',
      'export function options(values: Promise<number>) {\n  return values.then((v) => v + 1);\n}',
    ],
  },
  kinds: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression],
  calls: ['map', 'filter', 'some', 'every', 'reduce', 'slice', 'at'],
  properties: ['length'],
  check(node, context) {
    const chain = chainEndingAt(node as ts.Expression, context);
    if (!chain) return;
    const outer = continuation(node as ts.Expression);
    if (outer && chainEndingAt(outer, context)) return;
    report(chain, context);
  },
};

/** The expression that would extend the chain ending at `expr`: `(…).map(g)`, `(…).length`, `(…)[0]`. */
function continuation(expr: ts.Expression): ts.Expression | undefined {
  const { top, parent } = outerOf(expr);
  if (ts.isElementAccessExpression(parent) && parent.expression === top) return parent;
  if (!ts.isPropertyAccessExpression(parent) || parent.expression !== top) return undefined;
  return ts.isCallExpression(parent.parent) && parent.parent.expression === parent ? parent.parent : parent;
}

function chainEndingAt(expr: ts.Expression, context: RuleContext): Chain | undefined {
  let terminal: Terminal;
  let last: ts.Expression | undefined;
  if (ts.isPropertyAccessExpression(expr)) {
    if (expr.name.text !== 'length' || expr.questionDotToken || ts.isCallExpression(expr.parent) && expr.parent.expression === expr) return undefined;
    terminal = { kind: 'length', node: expr };
    last = expr.expression;
  } else if (ts.isElementAccessExpression(expr)) {
    if (!ts.isNumericLiteral(expr.argumentExpression) || expr.argumentExpression.text !== '0' || expr.questionDotToken) return undefined;
    terminal = { kind: 'first', node: expr };
    last = expr.expression;
  } else if (ts.isCallExpression(expr) && !expr.questionDotToken) {
    const name = methodName(expr);
    const args = expr.arguments;
    last = receiverOf(expr);
    if (name === 'map' || name === 'filter') {
      // Cheap syntax test first: a lone `map` is no chain.
      const previous = last && skipOuter(last);
      const previousName = previous && ts.isCallExpression(previous) ? methodName(previous) : undefined;
      if ((previousName !== 'map' && previousName !== 'filter') || !asStep(expr)) return undefined;
      terminal = { kind: 'array', node: expr };
      last = expr;
    } else if ((name === 'some' || name === 'every') && args.length === 1) {
      // No `map` / `filter` before it, no chain: say so before reading the callback.
      if (!isStepCall(last && skipOuter(last))) return undefined;
      terminal = { kind: name, node: expr, callback: callbackInfo(args[0]) };
    } else if (name === 'reduce' && args.length === 2) {
      if (!isStepCall(last && skipOuter(last))) return undefined;
      terminal = { kind: 'reduce', node: expr, callback: callbackInfo(args[0]), init: args[1] };
    } else if (name === 'slice' && args.length === 2 && isZero(args[0]) && ts.isNumericLiteral(args[1])) {
      terminal = { kind: 'slice', node: expr, count: Number(args[1].text) };
    } else if (name === 'at' && args.length === 1 && isZero(args[0])) {
      terminal = { kind: 'first', node: expr };
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  const steps: Step[] = [];
  let current = last && skipOuter(last);
  for (let step = current && asStep(current); step; step = current && asStep(current)) {
    steps.unshift(step);
    current = receiverOf(step.call) && skipOuter(receiverOf(step.call) as ts.Expression);
  }
  if (!current || steps.length === 0) return undefined;
  if (terminal.kind === 'array' && steps.length < 2) return undefined;
  if ((terminal.kind === 'length' || terminal.kind === 'first') && steps[steps.length - 1].name !== 'filter') return undefined;
  if (ts.isArrayLiteralExpression(current) && current.elements.length <= 16 || isTinyConstantArray(current)) return undefined;
  if (classify(current, context.checker) !== 'array') return undefined;
  return { source: current, receiver: receiverOf(steps[0].call) as ts.Expression, steps, terminal };
}

/** `xs.map(f)` or `xs.filter(f)`, plainly called: what `asStep` accepts, told from syntax alone. */
function isStepCall(expr: ts.Expression | undefined): expr is ts.CallExpression {
  if (!expr || !ts.isCallExpression(expr) || expr.questionDotToken || expr.arguments.length !== 1 || ts.isSpreadElement(expr.arguments[0])) return false;
  const name = methodName(expr);
  const callee = skipOuter(expr.expression);
  return (name === 'map' || name === 'filter') && ts.isPropertyAccessExpression(callee) && !callee.questionDotToken;
}

function asStep(expr: ts.Expression): Step | undefined {
  if (!isStepCall(expr)) return undefined;
  return { call: expr, name: methodName(expr) as Step['name'], callback: callbackInfo(expr.arguments[0]) };
}

function isZero(expr: ts.Expression): boolean {
  return ts.isNumericLiteral(expr) && expr.text === '0';
}

function report(chain: Chain, context: RuleContext): void {
  const { sourceFile } = context;
  const { steps, terminal } = chain;
  const producer = quote(steps[steps.length - 1].call, sourceFile);
  const arrays = steps.length === 1 ? 'an array' : `${steps.length} intermediate arrays`;
  let message: string;
  switch (terminal.kind) {
    case 'length':
      message = `\`${producer}\` builds ${steps.length === 1 ? 'an array only to read its' : `${arrays} only to read the last one's`} \`.length\`: count the matches in one \`reduce\` pass instead of allocating up to n elements.`;
      break;
    case 'first':
      message = `\`${producer}\` tests every element and collects every match only to take the first: \`find\` stops at the first match and allocates nothing.`;
      break;
    case 'some':
    case 'every':
      message = `\`${producer}\` builds ${arrays} only for \`.${terminal.kind}(…)\` to scan once: test each element in one \`${terminal.kind}\` pass, which also stops early.`;
      break;
    case 'reduce':
      message = `\`${producer}\` builds ${arrays} only for \`.reduce(…)\` to fold once: fold in a single \`reduce\` pass.`;
      break;
    case 'slice':
      message = `\`${producer}\` processes all n elements and builds ${arrays} to keep the first ${terminal.count}: a single pass can stop after ${terminal.count}.`;
      break;
    default:
      message = `\`${quote(steps[steps.length - 2].call, sourceFile)}\` builds ${steps.length === 2 ? 'an array' : `${steps.length - 1} intermediate arrays`} that the next \`.${steps[steps.length - 1].name}(…)\` reads once and drops: an extra allocation of up to n elements per step. ${
        context.iteratorHelpers ? 'Chain iterator helpers from `values()`, or a single loop.' : 'Produce it in one pass with a generator or a single loop.'}`;
  }
  context.report({
    node: reportNode(terminal.node),
    message,
    related: steps.map((s) => ({ node: s.call, message: s === steps[steps.length - 1] && terminal.kind === 'array' ? 'the result' : 'allocates an intermediate array' })),
    fixes: () => optional(bestFix(chain, context)),
  });
}

/** The part of the chain's end that names what consumes it: `length`, `reduce`, `0` in `[0]`. */
function reportNode(node: ts.Expression): ts.Node {
  if (ts.isPropertyAccessExpression(node)) return node.name;
  if (ts.isElementAccessExpression(node)) return node.argumentExpression;
  const callee = ts.isCallExpression(node) ? skipOuter(node.expression) : undefined;
  return callee && ts.isPropertyAccessExpression(callee) ? callee.name : node;
}

function bestFix(chain: Chain, context: RuleContext): Fix | undefined {
  const { terminal, steps } = chain;
  if (!context.iteratorHelpers && (terminal.kind === 'array' || terminal.kind === 'slice')) return generatorFix(chain, context);
  if (hasComments(chain, context.sourceFile)) return undefined;
  if (terminal.kind === 'first' && steps.length === 1) return findFix(chain, context);
  if (terminal.kind === 'length' || terminal.kind === 'reduce' || terminal.kind === 'some' || terminal.kind === 'every') {
    const fused = fusedFix(chain, context);
    if (fused) return fused;
  }
  return context.iteratorHelpers ? iteratorFix(chain, context) : undefined;
}

/** `xs.filter(f)[0]` → `xs.find(f)`. */
function findFix(chain: Chain, context: RuleContext): Fix {
  const { sourceFile, checker } = context;
  const [step] = chain.steps;
  const caveats = [
    ...(step.callback.pure ? [] : ['`find` stops calling the callback at the first match']),
    ...(isKnownDense(chain.source, checker) ? [] : ['`find` also tests holes of a sparse array, as `undefined`']),
  ];
  const text = `${nodeText(chain.receiver, sourceFile)}.find(${nodeText(step.callback.node, sourceFile)})`;
  return withSafety({ title: 'Use `find`', edits: [replaceNode(chain.terminal.node, sourceFile, text)] }, caveats);
}

/** One `reduce`, `some` or `every` whose callback does every step. */
function fusedFix(chain: Chain, context: RuleContext): Fix | undefined {
  const { sourceFile } = context;
  const { terminal, steps } = chain;
  const extra = terminal.kind === 'some' || terminal.kind === 'every' || terminal.kind === 'reduce' ? [terminal.callback] : [];
  const fused = fuseSteps(steps, extra, sourceFile);
  if (!fused) return undefined;
  const taken = new Set(fused.declared);
  for (const c of [...steps.map((s) => s.callback), ...extra]) if (c.fn) collectNames(c.fn, taken);
  let method: string;
  let head: string;
  let skip: string;
  let tail: string;
  let init = '';
  if (terminal.kind === 'length') {
    const count = fresh('count', taken);
    fused.declared.add(count);
    method = 'reduce';
    head = count;
    skip = `return ${count};`;
    tail = `return ${count} + 1;`;
    init = ', 0';
    if (steps.length === 1 && fused.lines.length === 1 && steps[0].callback.fn) {
      const condition = conditionText(steps[0].callback, sourceFile);
      return finish(chain, context, `${nodeText(chain.receiver, sourceFile)}.reduce((${count}, ${fused.params}) => (${condition} ? ${count} + 1 : ${count}), 0)`, 'Count in one `reduce` pass');
    }
  } else if (terminal.kind === 'reduce') {
    const reducer = terminal.callback;
    const [accParam, valueParam] = reducer.fn?.parameters ?? [];
    if (!reducer.fn || reducer.reads > 2 || !accParam || !ts.isIdentifier(accParam.name) || fused.declared.has(accParam.name.text)) return undefined;
    fused.declared.add(accParam.name.text);
    method = 'reduce';
    head = nodeText(accParam, sourceFile);
    skip = `return ${accParam.name.text};`;
    const lines = fused.lines;
    if (valueParam && !(ts.isIdentifier(valueParam.name) && valueParam.name.text === fused.value && !valueParam.type)) {
      if (!ts.isIdentifier(valueParam.name) || fused.declared.has(valueParam.name.text)) return undefined;
      fused.declared.add(valueParam.name.text);
      lines.push(`const ${nodeText(valueParam, sourceFile)} = ${fused.value};`);
    }
    tail = `return ${expressionText(reducer, sourceFile)};`;
    init = `, ${nodeText(terminal.init, sourceFile)}`;
  } else if (terminal.kind === 'some' || terminal.kind === 'every') {
    const bound = bind(terminal.callback, fused.value, !isName(fused.value, fused), fused.lines, fused.declared, taken, sourceFile);
    if (!bound) return undefined;
    method = terminal.kind;
    head = '';
    skip = terminal.kind === 'some' ? 'return false;' : 'return true;';
    tail = `return ${bound.result};`;
  } else {
    return undefined;
  }
  if (!capturesNothing([...steps.map((s) => s.callback), ...extra], fused.declared)) return undefined;
  const indent = indentationOf(terminal.node, sourceFile);
  const body = [...fused.lines.map((l) => l.replace('SKIP;', skip)), tail].map((l) => `${indent}  ${l}`).join('\n');
  const params = head ? `${head}, ${fused.params}` : fused.params;
  const text = `${nodeText(chain.receiver, sourceFile)}.${method}((${params}) => {\n${body}\n${indent}}${init})`;
  return finish(chain, context, text, `Fuse into one \`${method}\` pass`);
}

function finish(chain: Chain, context: RuleContext, text: string, title: string): Fix {
  const callbacks = [...chain.steps.map((s) => s.callback), ...('callback' in chain.terminal ? [chain.terminal.callback] : [])];
  const impure = callbacks.filter((c) => !c.pure).length;
  const stopsEarly = chain.terminal.kind === 'some' || chain.terminal.kind === 'every';
  // Interleaving is observable as soon as one callback has effects and another runs beside it: a pure
  // callback may read what the impure one changes.
  const caveats = stopsEarly ? (impure > 0 ? [EARLY_EXIT] : []) : impure > 0 && callbacks.length > 1 ? [INTERLEAVED] : [];
  return withSafety({ title, edits: [replaceNode(chain.terminal.node, context.sourceFile, text)] }, caveats);
}

/** `src.values().map(f).filter(g).toArray()` with ES2025 iterator helpers. */
function iteratorFix(chain: Chain, context: RuleContext): Fix | undefined {
  const { sourceFile, checker } = context;
  const { terminal, steps } = chain;
  const callbacks = [...steps.map((s) => s.callback), ...('callback' in terminal ? [terminal.callback] : [])];
  // Iterator helpers pass (value, counter), reduce (acc, value, counter): never the array.
  if (steps.some((s) => s.callback.reads > 2) || (terminal.kind === 'reduce' ? terminal.callback.reads > 3 : callbacks.some((c) => c.reads > 2))) {
    return undefined;
  }
  const stepText = (s: Step, name: string) => `.${name}(${nodeText(s.callback.node, sourceFile)})`;
  const last = steps[steps.length - 1];
  let rest = steps.map((s) => stepText(s, s.name)).join('');
  switch (terminal.kind) {
    case 'array': rest += '.toArray()'; break;
    case 'slice': rest += `.take(${terminal.count}).toArray()`; break;
    case 'first': rest = steps.slice(0, -1).map((s) => stepText(s, s.name)).join('') + stepText(last, 'find'); break;
    case 'some': case 'every': rest += `.${terminal.kind}(${nodeText(terminal.callback.node, sourceFile)})`; break;
    case 'reduce': rest += `.reduce(${nodeText(terminal.callback.node, sourceFile)}, ${nodeText(terminal.init, sourceFile)})`; break;
    default: return undefined;
  }
  const impure = callbacks.filter((c) => !c.pure).length;
  const stopsEarly = terminal.kind === 'slice' || terminal.kind === 'first' || terminal.kind === 'some' || terminal.kind === 'every';
  const caveats = [
    ...(stopsEarly && impure > 0 ? [EARLY_EXIT] : !stopsEarly && impure > 0 && callbacks.length > 1 ? [INTERLEAVED] : []),
    ...(isKnownDense(chain.source, checker) ? [] : [HOLES]),
  ];
  const text = `${nodeText(chain.receiver, sourceFile)}.values()${rest}`;
  return withSafety({ title: 'Chain iterator helpers instead of arrays', edits: [replaceNode(terminal.node, sourceFile, text)] }, caveats);
}

/** `Array.from(function* () { for (const x of src) { … yield … } }())` where the lib lacks iterator helpers. */
function generatorFix(chain: Chain, context: RuleContext): Fix | undefined {
  const { terminal, steps } = chain;
  const limit = terminal.kind === 'slice' ? terminal.count : undefined;
  const text = generatorPipeline(chain.receiver, steps, limit, terminal.node, context.sourceFile);
  if (!text) return undefined;
  // As with a fused `reduce`, a single impure callback is not safe beside others: pure callbacks may read
  // state it changes, and they now see it changed element by element.
  const impure = steps.filter((s) => !s.callback.pure).length;
  const caveats = [
    ...(limit !== undefined && impure > 0 ? [EARLY_EXIT] : []),
    ...(impure > 0 && steps.length > 1 ? [INTERLEAVED] : []),
    ...(isKnownDense(chain.source, context.checker) ? [] : [HOLES]),
  ];
  const title = limit === undefined ? 'Build the array in one generator pass' : `Build the array in one generator pass that stops after ${limit}`;
  return withSafety({ title, edits: [replaceNode(terminal.node, context.sourceFile, text)] }, caveats);
}

function withSafety(fix: Omit<Fix, 'safe'>, caveats: string[]): Fix {
  return caveats.length === 0 ? { ...fix, safe: true } : { ...fix, safe: false, caveat: caveats.join('; ') };
}

function isName(text: string, fused: FusedBody): boolean {
  return fused.declared.has(text);
}

function collectNames(node: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(node)) into.add(node.text);
  ts.forEachChild(node, (child) => collectNames(child, into));
}

/** Comments between the source and the end of the chain would be lost by a rewrite. */
function hasComments(chain: Chain, sourceFile: ts.SourceFile): boolean {
  const text = sourceFile.text.slice(chain.receiver.getEnd(), chain.terminal.node.getEnd());
  return text.includes('//') || text.includes('/*');
}

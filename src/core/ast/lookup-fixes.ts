import ts from './ts-api.ts';
import type { Fix, RuleContext, TextEdit } from '../types.ts';
import { contains, declarationKeyword, owningFunction } from './bindings.ts';
import { mayBeMutatedIn } from './collections.ts';
import { derivedName, freshName, nodeText } from './edits.ts';
import type { HoistTarget } from './hoist.ts';
import { hoistEdits, hoistScope, hoistTarget } from './hoist.ts';
import type { Iteration } from './iteration.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';
import { isKnownDense, localUsage } from './locals.ts';
import type { KeyedTest } from './lookups.ts';
import { isPlainValue, mayBeNaN, mayBeNullish, mayBeUndefined, primitiveOf } from './lookups.ts';

/** A lookup in a loop, as the rule found it. */
export interface LookupSite {
  call: ts.CallExpression;
  method: string;
  receiver: ts.Expression;
  ref: string;
  /** Declaration of the receiver's root name, when it has one. */
  decl?: ts.Node;
  /** Enclosing iterations, innermost first. */
  iterations: Iteration[];
  test?: KeyedTest;
  /** The array is pushed to inside the loop that drives the lookups. */
  growing: boolean;
  /** Types (or syntax) say the receiver is an array, not just something with array-like methods. */
  typedArray: boolean;
}

/** How one lookup turns into a read of an index built before the loop. */
interface Plan {
  /** Lookups with the same key on the same array share one index. */
  key: string;
  replace: ts.Node;
  text(name: string): string;
  lines(name: string, array: string, at: ts.Node): string[];
  baseName: string;
  title(name: string): string;
  caveats: string[];
}

const CAVEATS = {
  nan: 'the checker cannot rule out NaN: `indexOf` and `===` never match NaN, while a Set or Map finds it',
  holes: 'if the array has holes, the original skipped them while the index holds `undefined` for them',
  noTypes: 'without type information NaN and holes cannot be ruled out',
  property: 'the array is read through a property: a getter, or a method called in the loop, could change what it holds',
  imported: 'the array is not a local variable: other code could change it while the loop runs',
  closure: 'a function elsewhere in this scope changes or receives the array; if it runs during the loop, the index goes stale',
  async: 'the loop awaits or yields: other code may change the array meanwhile',
  accessor: 'the compared key is a getter: the index reads it once per element instead of once per comparison',
};

export type ExistenceTest = (call: ts.CallExpression) => { node: ts.BinaryExpression; found: boolean } | undefined;

/**
 * The fix for `site`: an index (Set or Map) built once before the outermost loop in which the array stays
 * the same, and every lookup of the same kind on that array in that statement rewritten to use it. Lookups
 * of one group carry the identical fix, so applying any one alone is valid.
 */
export function lookupFix(site: LookupSite, context: RuleContext, existence: ExistenceTest,
  siblings: (scope: ts.Node) => LookupSite[]): Fix | undefined {
  const plan = planFor(site, context, existence);
  const hoist = plan && hoistFor(site, context);
  if (!plan || !hoist) return undefined;
  const { sourceFile } = context;
  const scope = hoistScope(hoist.target);
  const group = siblings(scope).flatMap((other) => {
    if (other.call === site.call) return [plan];
    const otherPlan = planFor(other, context, existence);
    const otherHoist = otherPlan && otherPlan.key === plan.key && hoistFor(other, context);
    return otherPlan && otherHoist && hoistScope(otherHoist.target) === scope ? [otherPlan] : [];
  });
  const name = freshName(plan.baseName, sourceFile);
  const array = nodeText(site.receiver, sourceFile);
  const replacements: TextEdit[] = group.map((p) => ({ start: p.replace.getStart(sourceFile), end: p.replace.getEnd(), newText: p.text(name) }));
  const caveats = [...new Set([...group.flatMap((p) => p.caveats), ...hoist.caveats])];
  return {
    title: plan.title(name),
    safe: caveats.length === 0,
    ...(caveats.length > 0 ? { caveat: caveats.join('; ') } : {}),
    edits: hoistEdits(hoist.target, plan.lines(name, array, scope), replacements, sourceFile),
  };
}

function planFor(site: LookupSite, context: RuleContext, existence: ExistenceTest): Plan | undefined {
  const { call, method, ref, test } = site;
  const { checker } = context;
  const values = (replace: ts.Node, value: ts.Expression, negate: boolean, caveats: string[]): Plan => ({
    key: 'values',
    replace,
    text: (name) => `${negate ? '!' : ''}${name}.has(${nodeText(value, context.sourceFile)})`,
    lines: (name, array) => [`const ${name} = new Set(${array});`],
    baseName: indexName(ref, 'Set'),
    title: (name) => `Build the Set \`${name}\` from \`${ref}\` before the loop and use \`has\``,
    caveats,
  });
  if (method === 'includes') return call.arguments.length === 1 ? values(call, call.arguments[0], false, []) : undefined;
  if (method === 'indexOf' || method === 'lastIndexOf') {
    const comparison = call.arguments.length === 1 ? existence(call) : undefined;
    return comparison && values(comparison.node, call.arguments[0], !comparison.found, valueCaveats(site, call.arguments[0], context));
  }
  if (!test?.exact || !isPlainValue(test.value) || !strictEnough(test, checker)) return undefined;
  if (test.path === '') {
    if ((method !== 'some' && method !== 'every') || !assignable(test.value, test.fn.parameters[0], context)) return undefined;
    return values(call, test.value, method === 'every', valueCaveats(site, test.value, context));
  }
  if (checker && mayBeNullish(checker.getTypeAtLocation(test.fn.parameters[0]), checker)) return undefined;
  const caveats = keyCaveats(test, context);
  const element = test.element;
  const key = `${element}.${test.path}`;
  const segment = test.path.split('.').pop() ?? test.path;
  const capital = segment.charAt(0).toUpperCase() + segment.slice(1);
  if (method === 'some' || method === 'every') {
    if (!assignable(test.value, test.keyNode, context)) return undefined;
    const holes = !isKnownDense(site.receiver, checker) && (!checker || mayBeUndefined(checker.getTypeAtLocation(test.value), checker));
    return {
      key: `keys:${test.path}`,
      replace: call,
      text: (name) => `${method === 'every' ? '!' : ''}${name}.has(${nodeText(test.value, context.sourceFile)})`,
      lines: (name, array) => [`const ${name} = new Set(${array}.map((${element}) => ${key}));`],
      baseName: indexName(ref, `${capital}Set`),
      title: (name) => `Build the Set \`${name}\` of \`${key}\` values before the loop and use \`has\``,
      caveats: holes ? [...caveats, CAVEATS.holes] : caveats,
    };
  }
  if (method !== 'find' && method !== 'findIndex') return undefined;
  const index = method === 'findIndex';
  const position = element === 'index' ? 'i' : 'index';
  const valueText = nodeText(test.value, context.sourceFile);
  return {
    key: `${method}:${test.path}`,
    replace: call,
    text: (name) => !index ? `${name}.get(${valueText})` : standsAlone(call) ? `${name}.get(${valueText}) ?? -1` : `(${name}.get(${valueText}) ?? -1)`,
    lines: (name, array, at) => [
      `const ${name} = new Map${mapTypes(site, test, index, at, context)}();`,
      `${array}.forEach((${element}${index ? `, ${position}` : ''}) => {`,
      `  if (!${name}.has(${key})) ${name}.set(${key}, ${index ? position : element});`,
      '});',
    ],
    baseName: indexName(ref, index ? `IndexBy${capital}` : `By${capital}`),
    title: (name) => index
      ? `Map each \`${key}\` to its first index in \`${name}\` before the loop`
      : `Index \`${ref}\` by \`${test.path}\` in the Map \`${name}\` before the loop`,
    caveats,
  };
}

/** `activeIdSet` for `activeIds`; `RESERVED_SET` for a constant spelled `RESERVED`. */
function indexName(ref: string, suffix: string): string {
  const last = ref.split('.').pop() ?? ref;
  if (/^[A-Z][A-Z0-9_]*$/.test(last)) return `${last}_${suffix.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
  return derivedName(ref, suffix);
}

/** Whether an expression put in place of `node` needs no parentheses: an initializer, argument or returned value. */
function standsAlone(node: ts.Node): boolean {
  const parent = node.parent;
  return (ts.isVariableDeclaration(parent) && parent.initializer === node) || ts.isReturnStatement(parent) ||
    ts.isParenthesizedExpression(parent) || (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) ||
    ts.isExpressionStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node);
}

/** `==` only behaves like `===` (what a Set or Map compares with) when both sides are the same primitive. */
function strictEnough(test: KeyedTest, checker: ts.TypeChecker | undefined): boolean {
  const op = test.comparison.operatorToken.kind;
  if (op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken) return true;
  if (!checker) return false;
  const left = primitiveOf(checker.getTypeAtLocation(test.comparison.left));
  return left !== undefined && !mayBeNullish(checker.getTypeAtLocation(test.comparison.left), checker) &&
    !mayBeNullish(checker.getTypeAtLocation(test.comparison.right), checker) &&
    left === primitiveOf(checker.getTypeAtLocation(test.comparison.right));
}

/** `set.has(v)` type-checks only where `v` fits the Set's element type; the original comparison was looser. */
function assignable(value: ts.Expression, target: ts.Node, context: RuleContext): boolean {
  const { checker, sourceFile } = context;
  if (!checker || isJs(sourceFile)) return true;
  return checker.isTypeAssignableTo(checker.getTypeAtLocation(value), checker.getTypeAtLocation(target));
}

/** What `indexOf` / `===` against the elements can do that `Set.has` does not: NaN, and holes for `undefined`. */
function valueCaveats(site: LookupSite, value: ts.Expression, context: RuleContext): string[] {
  const { checker } = context;
  if (!checker) return [CAVEATS.noTypes];
  const valueType = checker.getTypeAtLocation(value);
  const elementType = checker.getIndexTypeOfType(checker.getTypeAtLocation(site.receiver), ts.IndexKind.Number);
  const caveats: string[] = [];
  if (mayBeNaN(valueType) && (!elementType || mayBeNaN(elementType))) caveats.push(CAVEATS.nan);
  if (mayBeUndefined(valueType, checker) && !isKnownDense(site.receiver, checker)) caveats.push(CAVEATS.holes);
  return caveats;
}

function keyCaveats(test: KeyedTest, context: RuleContext): string[] {
  const { checker } = context;
  if (!checker) return [CAVEATS.noTypes];
  const caveats: string[] = [];
  if (mayBeNaN(checker.getTypeAtLocation(test.value)) && mayBeNaN(checker.getTypeAtLocation(test.keyNode))) caveats.push(CAVEATS.nan);
  const key = test.keyNode;
  const symbol = ts.isPropertyAccessExpression(key) ? checker.getSymbolAtLocation(key.name) : undefined;
  if (symbol && symbol.flags & ts.SymbolFlags.Accessor) caveats.push(CAVEATS.accessor);
  return caveats;
}

/** `<string, User>` when both types can be named where the Map is declared; `<unknown, (typeof users)[number]>` otherwise. */
function mapTypes(site: LookupSite, test: KeyedTest, index: boolean, at: ts.Node, context: RuleContext): string {
  const { checker, sourceFile } = context;
  if (!checker || isJs(sourceFile)) return '';
  const keyType = checker.getTypeAtLocation(test.keyNode);
  const primitive = primitiveOf(keyType);
  const base = primitive ? checker.getBaseTypeOfLiteralType(keyType) : undefined;
  const keyText = base && primitive !== 'boolean' && checker.isTypeAssignableTo(checker.getTypeAtLocation(test.value), base)
    ? primitive : 'unknown';
  if (index) return `<${keyText}, number>`;
  const elementType = checker.getTypeAtLocation(test.fn.parameters[0]);
  const named = checker.typeToString(elementType);
  const symbol = elementType.aliasSymbol ?? elementType.getSymbol();
  const visible = /^[A-Za-z_$][\w$]*$/.test(named) && !!symbol && checker.getSymbolsInScope(at, ts.SymbolFlags.Type).some((s) =>
    s.name === named && (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s) === symbol);
  return `<${keyText}, ${visible ? named : `(typeof ${nodeText(site.receiver, sourceFile)})[number]`}>`;
}

function isJs(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/i.test(sourceFile.fileName);
}

/**
 * Where the index can be built: before the outermost enclosing iteration in which the array is declared
 * outside and never changed; plus what could still make the hoisted copy differ from the live array.
 */
function hoistFor(site: LookupSite, context: RuleContext): { target: HoistTarget; caveats: string[] } | undefined {
  const { ref, decl, iterations, receiver, call } = site;
  const { checker } = context;
  if (site.growing || !site.typedArray || hasOptionalChain(call)) return undefined;
  if (checker && mayBeNullish(checker.getTypeAtLocation(receiver), checker)) return undefined;
  let outermost = -1;
  for (let j = 0; j < iterations.length; j++) {
    const it = iterations[j];
    if ((decl && contains(it.node, decl)) || mayBeMutatedIn(ref, it.node)) break;
    // `this` means something else outside a `function` callback.
    if (ref.startsWith('this.') && ts.isFunctionExpression(it.body)) break;
    outermost = j;
  }
  if (outermost < 0) return undefined;
  const target = hoistTarget(iterations[outermost].node);
  if (!target) return undefined;
  const scope = hoistScope(target);
  if (mayBeMutatedIn(ref, scope)) return undefined;
  const caveats: string[] = [];
  if (ref.includes('.')) caveats.push(CAVEATS.property);
  if (decl) {
    const home = owningFunction(decl) ?? decl.getSourceFile();
    // Declared later in the same function: the index would read it before its declaration.
    if (home === (owningFunction(scope) ?? scope.getSourceFile()) && decl.getEnd() > scope.getStart()) return undefined;
    if (!ts.isVariableDeclaration(decl) && !ts.isParameter(decl)) caveats.push(CAVEATS.imported);
    else if (changedElsewhere(ref, home, scope)) caveats.push(CAVEATS.closure);
    const root = skipOuterRoot(receiver);
    const privateLocal = ts.isVariableDeclaration(decl) && declarationKeyword(decl) === 'const' && root &&
      localUsage(root, checker)?.escapes === false;
    if (!privateLocal && suspends(scope)) caveats.push(CAVEATS.async);
  } else if (suspends(scope)) {
    caveats.push(CAVEATS.async);
  }
  return { target, caveats };
}

function skipOuterRoot(expr: ts.Expression): ts.Identifier | undefined {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner)) return inner;
  return ts.isPropertyAccessExpression(inner) ? skipOuterRoot(inner.expression) : undefined;
}

function hasOptionalChain(call: ts.CallExpression): boolean {
  for (let node: ts.Expression = call; ; ) {
    if (ts.isOptionalChain(node)) return true;
    if (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isNonNullExpression(node) ||
      ts.isParenthesizedExpression(node)) node = node.expression;
    else return false;
  }
}

/** Whether a function in `home` other than the ones running the loop changes or receives `ref`. */
function changedElsewhere(ref: string, home: ts.Node, hoisted: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node === hoisted) return;
    if (isFunctionLike(node) && node !== home && !contains(node, hoisted)) {
      if (node.body && mayBeMutatedIn(ref, node.body)) found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(home);
  return found;
}

function suspends(scope: ts.Node): boolean {
  if (ts.isAwaitExpression(scope) || ts.isYieldExpression(scope) || (ts.isForOfStatement(scope) && scope.awaitModifier)) return true;
  return ts.forEachChild(scope, (child) => suspends(child) || undefined) ?? false;
}

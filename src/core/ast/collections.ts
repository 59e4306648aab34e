import ts from './ts-api.ts';
import { methodName, receiverOf, skipOuter } from './iteration.ts';
import { NodeMemo } from './memo.ts';

/** What a value is, as far as the rules care. 'unknown' means: stay quiet unless the syntax says more. */
export type CollectionKind = 'array' | 'set' | 'map' | 'string' | 'other' | 'unknown';

/** Methods that return a fresh array whatever array they are called on. */
const ARRAY_RETURNING = new Set([
  'map', 'filter', 'slice', 'concat', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with', 'split',
]);
const STRING_RETURNING = new Set([
  'join', 'toLowerCase', 'toUpperCase', 'trim', 'trimStart', 'trimEnd', 'padStart', 'padEnd', 'repeat',
  'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize', 'replace', 'replaceAll', 'substring', 'toString', 'toFixed',
]);

/**
 * Classifies `expr` with the type checker when it gives a definite answer, otherwise from syntax:
 * literals, constructors, well-known methods and the declaration of a local name.
 */
export function classify(expr: ts.Expression, checker: ts.TypeChecker | undefined): CollectionKind {
  if (checker) {
    const kind = classifyType(checker.getTypeAtLocation(expr), checker);
    if (kind !== 'unknown') return kind;
  }
  return classifySyntax(expr, 0);
}

export function classifyType(type: ts.Type, checker: ts.TypeChecker): CollectionKind {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return 'unknown';
  if (type.isUnion()) {
    const kinds = new Set(
      type.types
        .filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)))
        .map((t) => classifyType(t, checker)),
    );
    return kinds.size === 1 ? [...kinds][0] : 'unknown';
  }
  if (type.flags & ts.TypeFlags.StringLike) return 'string';
  if (checker.isArrayType(type) || checker.isTupleType(type)) return 'array';
  const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
  if (name === 'Set' || name === 'ReadonlySet' || name === 'WeakSet') return 'set';
  if (name === 'Map' || name === 'ReadonlyMap' || name === 'WeakMap') return 'map';
  if (type.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike)) return 'other';
  if (type.flags & ts.TypeFlags.Object) return 'other';
  return 'unknown';
}

function classifySyntax(node: ts.Expression, depth: number): CollectionKind {
  if (depth > 8) return 'unknown';
  const expr = skipOuter(node);
  if (ts.isArrayLiteralExpression(expr)) return 'array';
  if (ts.isStringLiteralLike(expr) || ts.isTemplateExpression(expr)) return 'string';
  if (ts.isNumericLiteral(expr) || ts.isObjectLiteralExpression(expr) || isFunctionValue(expr)) return 'other';
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression)) {
    return constructorKind(expr.expression.text);
  }
  if (ts.isCallExpression(expr)) {
    const callee = skipOuter(expr.expression);
    if (ts.isIdentifier(callee)) {
      if (callee.text === 'Array') return 'array';
      if (callee.text === 'String') return 'string';
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const owner = callee.expression.text;
      const name = callee.name.text;
      if (owner === 'Array' && (name === 'from' || name === 'of')) return 'array';
      if (owner === 'Object' && (name === 'keys' || name === 'values' || name === 'entries')) return 'array';
      if (owner === 'JSON' && name === 'stringify') return 'string';
    }
    const name = methodName(expr);
    const receiver = receiverOf(expr);
    if (name && receiver) {
      if (STRING_RETURNING.has(name) && name !== 'toString' && name !== 'replace' && name !== 'replaceAll') {
        return name === 'join' ? 'string' : classifySyntax(receiver, depth + 1) === 'string' ? 'string' : 'unknown';
      }
      if (ARRAY_RETURNING.has(name)) {
        if (name === 'split') return 'array';
        const receiverKind = classifySyntax(receiver, depth + 1);
        // `str.slice()` and `str.concat()` are strings; other array-returning methods need an array receiver.
        if (receiverKind === 'string') return name === 'slice' || name === 'concat' ? 'string' : 'unknown';
        return receiverKind === 'array' || name === 'map' || name === 'filter' || name === 'flatMap' ? 'array' : 'unknown';
      }
      if ((name === 'sort' || name === 'reverse' || name === 'fill') && classifySyntax(receiver, depth + 1) === 'array') {
        return 'array';
      }
    }
    return 'unknown';
  }
  if (ts.isIdentifier(expr) || (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    const declaration = findDeclaration(expr);
    if (!declaration) return 'unknown';
    const typeKind = declaration.type ? classifyTypeNode(declaration.type) : 'unknown';
    if (typeKind !== 'unknown') return typeKind;
    return declaration.initializer ? classifySyntax(declaration.initializer, depth + 1) : 'unknown';
  }
  return 'unknown';
}

function isFunctionValue(expr: ts.Expression): boolean {
  return ts.isArrowFunction(expr) || ts.isFunctionExpression(expr) || ts.isClassExpression(expr);
}

function constructorKind(name: string): CollectionKind {
  if (name === 'Set' || name === 'WeakSet') return 'set';
  if (name === 'Map' || name === 'WeakMap') return 'map';
  if (name === 'Array') return 'array';
  if (name === 'String') return 'string';
  return 'other';
}

export function classifyTypeNode(type: ts.TypeNode): CollectionKind {
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return 'array';
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return classifyTypeNode(type.type);
  if (type.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return 'string';
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    if (name === 'Array' || name === 'ReadonlyArray') return 'array';
    if (name === 'Set' || name === 'ReadonlySet' || name === 'WeakSet') return 'set';
    if (name === 'Map' || name === 'ReadonlyMap' || name === 'WeakMap') return 'map';
  }
  if (ts.isParenthesizedTypeNode(type)) return classifyTypeNode(type.type);
  return 'unknown';
}

/** A declaration found by name in enclosing scopes, without a type checker. */
export interface LocalDeclaration {
  node: ts.Node;
  name: string;
  type?: ts.TypeNode;
  initializer?: ts.Expression;
  /** `const` variables, and everything that cannot be reassigned. */
  isConst: boolean;
}

/**
 * Resolves a local name (or `this.name` to a class property) by walking enclosing scopes.
 * Only simple binding names count; a destructured or re-bound name gives undefined.
 */
export function findDeclaration(reference: ts.Identifier | ts.PropertyAccessExpression): LocalDeclaration | undefined {
  if (ts.isPropertyAccessExpression(reference)) return findClassProperty(reference);
  return declarationFrom(nearestScope(reference.parent), reference.text);
}

const lookups = new NodeMemo<Map<string, LocalDeclaration | null>>();

/**
 * The declaration of `name` in `start` or the scopes around it. Remembered per scope and name for
 * every scope passed: each level of 2,000 nested loops asking about one outer name stays linear.
 */
function declarationFrom(start: ts.Node | undefined, name: string): LocalDeclaration | undefined {
  const passed: Map<string, LocalDeclaration | null>[] = [];
  let found: LocalDeclaration | null = null;
  for (let scope = start; scope; scope = nearestScope(scope.parent)) {
    let known = lookups.get(scope);
    if (!known) lookups.set(scope, (known = new Map()));
    const cached = known.get(name);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    passed.push(known);
    const here = declarationIn(scope, name);
    if (here) {
      found = here;
      break;
    }
  }
  for (const known of passed) known.set(name, found);
  return found ?? undefined;
}

/** The nodes `declarationIn` can find a name in; every other ancestor is skipped. */
function canDeclare(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node) ||
    ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node);
}

const scopes = new NodeMemo<ts.Node>();

/**
 * `node` itself or its nearest ancestor that can declare names. Remembered for every node passed on
 * the way up: rules look names up from each step of a 2,000-term chain, which would otherwise walk
 * the whole chain every time (quadratic).
 */
function nearestScope(node: ts.Node | undefined): ts.Node | undefined {
  const visited: ts.Node[] = [];
  let scope: ts.Node | undefined;
  for (let current = node; current; current = current.parent) {
    scope = scopes.get(current);
    if (scope) break;
    visited.push(current);
    if (canDeclare(current)) {
      scope = current;
      break;
    }
  }
  if (scope) for (const passed of visited) scopes.set(passed, scope);
  return scope;
}

function declarationIn(scope: ts.Node, name: string): LocalDeclaration | undefined {
  if (ts.isFunctionLike(scope)) {
    for (const param of scope.parameters) {
      if (ts.isIdentifier(param.name) && param.name.text === name) {
        return { node: param, name, type: param.type, initializer: param.initializer, isConst: false };
      }
    }
  }
  let statements: readonly ts.Statement[] | undefined;
  if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) statements = scope.statements;
  else if (ts.isCaseClause(scope) || ts.isDefaultClause(scope)) statements = scope.statements;
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
    scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    const hit = fromList(scope.initializer, name);
    // The loop variable of for-of / for-in is an element, not its initializer.
    if (hit) return ts.isForStatement(scope) ? hit : { ...hit, initializer: undefined };
  }
  for (const statement of statements ?? []) {
    if (ts.isVariableStatement(statement)) {
      const hit = fromList(statement.declarationList, name);
      if (hit) return hit;
    }
  }
  return undefined;
}

function fromList(list: ts.VariableDeclarationList, name: string): LocalDeclaration | undefined {
  for (const decl of list.declarations) {
    if (ts.isIdentifier(decl.name) && decl.name.text === name) {
      return {
        node: decl, name, type: decl.type, initializer: decl.initializer,
        isConst: (list.flags & ts.NodeFlags.Const) !== 0,
      };
    }
  }
  return undefined;
}

function findClassProperty(reference: ts.PropertyAccessExpression): LocalDeclaration | undefined {
  const cls = ts.findAncestor(reference, ts.isClassLike);
  const member = cls?.members.find(
    (m): m is ts.PropertyDeclaration => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === reference.name.text,
  );
  if (!member) return undefined;
  const readonly = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
  return { node: member, name: reference.name.text, type: member.type, initializer: member.initializer, isConst: readonly };
}

/** Array methods that change the array they are called on. */
export const MUTATING_ARRAY_METHODS: ReadonlySet<string> = new Set([
  'push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin',
]);

/** Text of a reference like `users`, `this.users`, `state.users` — or undefined for anything with calls or computation. */
export function referenceText(expr: ts.Expression): string | undefined {
  const inner = skipOuter(expr);
  if (ts.isIdentifier(inner)) return inner.text;
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(inner) && !ts.isPrivateIdentifier(inner.name)) {
    const base = referenceText(inner.expression);
    return base === undefined ? undefined : `${base}.${inner.name.text}`;
  }
  return undefined;
}

const mutationScans = new NodeMemo<Map<string, boolean>>();

/**
 * Whether code inside `scope` may change the collection named `reference` (`users`, `this.items`):
 * assigns it, calls a mutating method on it, writes an element or its length, or hands it to a call.
 */
export function mayBeMutatedIn(reference: string, scope: ts.Node): boolean {
  let answers = mutationScans.get(scope);
  if (!answers) mutationScans.set(scope, (answers = new Map()));
  let answer = answers.get(reference);
  if (answer === undefined) answers.set(reference, (answer = scanForMutation(reference, scope)));
  return answer;
}

function scanForMutation(reference: string, scope: ts.Node): boolean {
  const lastName = reference.slice(reference.lastIndexOf('.') + 1);
  for (const node of occurrencesOf(lastName, scope)) {
    const whole = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node ? node.parent : (node as ts.Expression);
    if (referenceText(whole) === reference && isWriteOrEscape(whole)) return true;
  }
  return false;
}

/**
 * The identifiers called `name` (or the `this` keywords) inside `scope`. Scopes can be whole files
 * (a module-level constant), so the name is searched in the text, natively, and the tree entered only
 * at each hit. A name spelled with a Unicode escape (`\u0069tems`) is not in the text as such but
 * holds a `\u`: hits of that are entered too.
 */
function occurrencesOf(name: string, scope: ts.Node): ts.Node[] {
  const matches = (node: ts.Node): boolean =>
    name === 'this' ? node.kind === ts.SyntaxKind.ThisKeyword : ts.isIdentifier(node) && node.text === name;
  const text = scope.getSourceFile().text;
  const found: ts.Node[] = [];
  for (const needle of [name, '\\u']) {
    for (let at = text.indexOf(needle, scope.pos); at >= 0 && at < scope.end; at = text.indexOf(needle, at + 1)) {
      // A hit in a comment or string lands on a node of another kind or name, or, in the comment
      // before the very identifier, on that identifier again: a repeat, harmless to a yes/no answer.
      const node = deepestAt(scope, at);
      if (matches(node)) found.push(node);
    }
  }
  return found;
}

/** The innermost node of `scope` whose range holds the offset `at`. */
function deepestAt(scope: ts.Node, at: number): ts.Node {
  let node = scope;
  for (let inner: ts.Node | undefined = scope; inner; ) {
    node = inner;
    inner = ts.forEachChild(node, (child) => (child.pos <= at && at < child.end ? child : undefined));
  }
  return node;
}

export function isWriteOrEscape(node: ts.Expression): boolean {
  let top: ts.Node = node;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent) || ts.isAsExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  if (ts.isBinaryExpression(parent) && parent.left === top && isAssignment(parent.operatorToken.kind)) return true;
  if ((ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === top) {
    const grand = parent.parent;
    if (ts.isCallExpression(grand) && grand.expression === parent && MUTATING_ARRAY_METHODS.has(parent.name.text)) return true;
    if (parent.name.text === 'length' && ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(grand.operatorToken.kind)) return true;
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === top) {
    const grand = parent.parent;
    if (ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(grand.operatorToken.kind)) return true;
    if (ts.isDeleteExpression(grand)) return true;
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(top as ts.Expression)) {
    // Pure readers are fine; anything else may keep or change the array.
    const callee = skipOuter(parent.expression);
    const reader = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) &&
      ((callee.expression.text === 'Array' && callee.name.text === 'isArray') ||
        (callee.expression.text === 'Object' && ['keys', 'values', 'entries'].includes(callee.name.text)) ||
        (callee.expression.text === 'JSON' && callee.name.text === 'stringify') ||
        (callee.expression.text === 'console'));
    return !reader;
  }
  return false;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** A short literal array (`['a', 'b']`, or a `const` bound to one): lookups in it are constant time in practice. */
export function isTinyConstantArray(expr: ts.Expression, limit = 16): boolean {
  const inner = skipOuter(expr);
  if (!ts.isIdentifier(inner)) return isTinyArrayLiteral(inner, limit);
  const decl = findDeclaration(inner);
  if (!decl?.isConst || !decl.initializer) return false;
  // The shape test first: the mutation scan below walks the whole declaring block.
  if (!isTinyArrayLiteral(skipOuter(decl.initializer), limit)) return false;
  // `const seen = []` that is pushed to later is small only at its declaration.
  const scope = ts.findAncestor(decl.node.parent, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isModuleBlock(n));
  return !(scope && mayBeMutatedIn(inner.text, scope));
}

function isTinyArrayLiteral(expr: ts.Expression, limit: number): boolean {
  return ts.isArrayLiteralExpression(expr) && expr.elements.length <= limit &&
    expr.elements.every((e) => ts.isLiteralExpression(e) || ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ||
      e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword ||
      (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)));
}

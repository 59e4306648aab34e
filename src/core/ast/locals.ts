import ts from './ts-api.ts';
import { symbolAt } from './bindings.ts';
import { classify, findDeclaration, MUTATING_ARRAY_METHODS } from './collections.ts';
import { isFunctionLike, methodName, receiverOf, skipOuter } from './iteration.ts';

/** How a local variable is used across its whole scope. */
export interface LocalUsage {
  declaration: ts.VariableDeclaration;
  isConst: boolean;
  /** Some reference hands the value on: passed, stored, returned, aliased, captured for writing, exported. */
  escapes: boolean;
  /** Some reference writes an element or the length, or deletes an element (what can leave holes). */
  writesSlots: boolean;
  /** Some reference assigns the variable itself. */
  reassigned: boolean;
}

/**
 * Usage of the local variable `id` refers to, or undefined for parameters, imports, destructured names and
 * anything that is not a plain `const` / `let` / `var` declaration.
 */
export function localUsage(id: ts.Identifier, checker: ts.TypeChecker | undefined): LocalUsage | undefined {
  const declaration = declarationOf(id, checker);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const keyword = declarationKeyword(declaration);
  const statement = declaration.parent.parent;
  if (!keyword || !ts.isVariableStatement(statement)) return undefined;
  const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
  const scope = keyword === 'var' ? enclosingFunctionOrFile(statement) : statement.parent;
  let escapes = exported;
  let writesSlots = false;
  let reassigned = false;
  for (const ref of referencesTo(declaration, id.text, scope, checker)) {
    const use = classifyUse(ref);
    if (use === 'slot-write') writesSlots = true;
    else if (use === 'escape') escapes = true;
    else if (use === 'mutation' && isInNestedFunction(ref, scope)) escapes = true;
    else if (use === 'reassign') {
      reassigned = true;
      if (isInNestedFunction(ref, scope)) escapes = true;
    }
  }
  return { declaration, isConst: keyword === 'const', escapes, writesSlots, reassigned };
}

type Use = 'read' | 'mutation' | 'slot-write' | 'reassign' | 'escape';

/** What one reference to an array-like local does with it. */
function classifyUse(ref: ts.Identifier): Use {
  let top: ts.Node = ref;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent) || ts.isAsExpression(top.parent) ||
    ts.isSatisfiesExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (isAssignment(op)) return parent.left === top ? 'reassign' : 'escape';
    // `a ?? b`, `a || b`, `a && b` and `a, b` pass the array on; comparisons only read it.
    return op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken ||
      op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.CommaToken ? 'escape' : 'read';
  }
  if (ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) ||
    ts.isSpreadElement(parent) || ts.isTemplateSpan(parent) || ts.isIfStatement(parent) || ts.isConditionalExpression(parent) && parent.condition === top) {
    return 'read';
  }
  if (ts.isForOfStatement(parent) && parent.expression === top) return 'read';
  if (ts.isPropertyAccessExpression(parent) && parent.expression === top) {
    const grand = parent.parent;
    if (ts.isCallExpression(grand) && grand.expression === parent) {
      if (MUTATING_ARRAY_METHODS.has(parent.name.text) || parent.name.text === 'add' || parent.name.text === 'set' ||
        parent.name.text === 'delete' || parent.name.text === 'clear') return 'mutation';
      return 'read';
    }
    if (parent.name.text === 'length' && ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(grand.operatorToken.kind)) {
      return 'slot-write';
    }
    if (ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(grand.operatorToken.kind)) return 'mutation';
    return 'read';
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === top) {
    const grand = parent.parent;
    if (ts.isBinaryExpression(grand) && grand.left === parent && isAssignment(grand.operatorToken.kind)) return 'slot-write';
    if (ts.isDeleteExpression(grand)) return 'slot-write';
    return 'read';
  }
  return 'escape';
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

function enclosingFunctionOrFile(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) || ts.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}

/**
 * Whether the array `expr` evaluates to can have no holes: a literal without elisions, the result of a method
 * that always builds a dense array, or a local bound to one that nothing writes slots of or hands away.
 */
export function isKnownDense(expr: ts.Expression, checker: ts.TypeChecker | undefined, depth = 0): boolean {
  if (depth > 6) return false;
  const inner = skipOuter(expr);
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.every((e) => !ts.isOmittedExpression(e));
  if (ts.isAwaitExpression(inner)) {
    const awaited = skipOuter(inner.expression);
    return ts.isCallExpression(awaited) && isStaticCall(awaited, 'Promise', ['all', 'allSettled']);
  }
  if (ts.isCallExpression(inner)) {
    if (isStaticCall(inner, 'Array', ['from', 'of']) || isStaticCall(inner, 'Object', ['keys', 'values', 'entries'])) return true;
    const name = methodName(inner);
    const receiver = receiverOf(inner);
    if (!name || !receiver) return false;
    // These build their result element by element, so holes never survive.
    if (['filter', 'flat', 'flatMap', 'toSorted', 'toReversed', 'toSpliced', 'with'].includes(name)) {
      const kind = classify(receiver, checker);
      // No other built-in has `flat` or `toSpliced`, so an untyped receiver of them is an array too.
      return kind === 'array' || (kind === 'unknown' && (name === 'flat' || name === 'toSpliced'));
    }
    if (name === 'split') return ['string', 'unknown'].includes(classify(receiver, checker));
    // These keep the holes of their receiver (and `concat` of its arguments).
    if (name === 'map' || name === 'slice') return isKnownDense(receiver, checker, depth + 1);
    if (name === 'concat') {
      return isKnownDense(receiver, checker, depth + 1) &&
        inner.arguments.every((a) => isKnownDense(a, checker, depth + 1) || !['array', 'unknown'].includes(classify(a, checker)));
    }
    return false;
  }
  if (ts.isIdentifier(inner)) {
    const usage = localUsage(inner, checker);
    if (!usage || usage.escapes || usage.writesSlots || usage.reassigned || !usage.declaration.initializer) return false;
    return isKnownDense(usage.declaration.initializer, checker, depth + 1);
  }
  return false;
}

function isStaticCall(call: ts.CallExpression, owner: string, names: readonly string[]): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === owner &&
    names.includes(callee.name.text);
}

/** The declaration `id` refers to: the checker's answer when there is one, otherwise the nearest one by name. */
export function declarationOf(id: ts.Identifier, checker: ts.TypeChecker | undefined): ts.Node | undefined {
  if (checker) {
    const symbol = ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
      ? checker.getShorthandAssignmentValueSymbol(id.parent)
      : symbolAt(id, checker);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (declaration) return declaration;
  }
  return findDeclaration(id)?.node;
}

/** Whether `id` is used as a variable here, rather than being a property or declaration name. */
function isVariableReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
    ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) || ts.isClassLike(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && (parent.name === id || parent.propertyName === id)) return false;
  return !(ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent) || ts.isTypeReferenceNode(parent) ||
    ts.isQualifiedName(parent) || ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent));
}

/** Every variable reference inside `scope` that resolves to `declaration`. */
export function referencesTo(declaration: ts.Node, name: string, scope: ts.Node, checker: ts.TypeChecker | undefined): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && isVariableReference(node) && declarationOf(node, checker) === declaration) {
      found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** Whether `node` sits inside a function nested within `scope`. */
export function isInNestedFunction(node: ts.Node, scope: ts.Node): boolean {
  for (let current = node.parent; current && current !== scope; current = current.parent) {
    if (isFunctionLike(current)) return true;
  }
  return false;
}

/** 'const', 'let' or 'var' for a variable declaration. */
export function declarationKeyword(declaration: ts.VariableDeclaration): 'const' | 'let' | 'var' | undefined {
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list)) return undefined;
  const scoped = list.flags & ts.NodeFlags.BlockScoped;
  if (scoped === ts.NodeFlags.Const) return 'const';
  if (scoped === ts.NodeFlags.Let) return 'let';
  return scoped === 0 ? 'var' : undefined;
}

import ts from './ts-api.ts';
import { findDeclaration } from './collections.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';
import { NodeMemo } from './memo.ts';

const symbols = new NodeMemo<{ checker: ts.TypeChecker; symbol: ts.Symbol | undefined }>();

/**
 * `checker.getSymbolAtLocation(node)`, remembered for the analysis: the checker resolves a name by walking its
 * scopes on every call, and rules ask about the same names many times (each lookup in a loop, each rule).
 */
export function symbolAt(node: ts.Node, checker: ts.TypeChecker): ts.Symbol | undefined {
  const known = symbols.get(node);
  if (known?.checker === checker) return known.symbol;
  const symbol = checker.getSymbolAtLocation(node);
  symbols.set(node, { checker, symbol });
  return symbol;
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
export function isVariableReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
    ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isPropertySignature(parent)) && parent.name === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent) ||
    ts.isFunctionExpression(parent) || ts.isClassLike(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  return true;
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

/** The outermost expression that carries `expr`'s value unchanged: through parentheses, casts, `?:` branches, `??`, `||`, `&&`, `,`. */
export function valueCarrier(expr: ts.Expression): ts.Expression {
  let current: ts.Expression = expr;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) {
      current = parent;
    } else if (ts.isConditionalExpression(parent) && parent.condition !== current) {
      current = parent;
    } else if (ts.isBinaryExpression(parent) && parent.right === current && isValuePassingOperator(parent.operatorToken.kind)) {
      current = parent;
    } else {
      return current;
    }
  }
}

function isValuePassingOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.CommaToken;
}

/** The expressions whose value `expr` may evaluate to: the branches of `?:`, both sides of `??` / `||` / `&&`, the last of `,`. */
export function valueLeaves(expr: ts.Expression): ts.Expression[] {
  const inner = skipOuter(expr);
  if (ts.isConditionalExpression(inner)) return [...valueLeaves(inner.whenTrue), ...valueLeaves(inner.whenFalse)];
  if (ts.isBinaryExpression(inner)) {
    const op = inner.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken) return valueLeaves(inner.right);
    if (isValuePassingOperator(op)) return [...valueLeaves(inner.left), ...valueLeaves(inner.right)];
  }
  return [inner];
}

/** The nearest function around `node`. */
export function owningFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
  }
  return undefined;
}

/** The `return` statements of `fn` itself, not of functions or classes nested in it. */
export function ownReturns(fn: ts.FunctionLikeDeclaration): ts.ReturnStatement[] {
  const found: ts.ReturnStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}

/** Whether `node` sits inside a function nested within `scope`. */
export function isInNestedFunction(node: ts.Node, scope: ts.Node): boolean {
  for (let current = node.parent; current && current !== scope; current = current.parent) {
    if (isFunctionLike(current)) return true;
  }
  return false;
}

/** Whether `inner` lies within `outer` in the source. */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Whether `id` is the object of a member access (`id.x`, `id[i]`), through parentheses and `!`. */
export function isMemberBase(id: ts.Expression): boolean {
  let top: ts.Node = id;
  while (ts.isParenthesizedExpression(top.parent) || ts.isNonNullExpression(top.parent)) top = top.parent;
  const parent = top.parent;
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === top;
}

/** Whether any identifier named `name` occurs in `node`. */
export function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentions(child, name) || undefined) ?? false;
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

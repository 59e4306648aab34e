import ts from './ts-api.ts';
import { referenceText } from './collections.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';

/** Names bound inside `scope` (parameters, variables, loop variables), not looking into nested functions. */
export function namesDeclaredIn(scope: ts.Node, into = new Set<string>()): Set<string> {
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) into.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node)) addBinding(node.name);
    if (isFunctionLike(node) && node !== scope) return;
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return into;
}

/** Whether `node` reads one of `names` as a variable (not as a property name). */
export function referencesAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && names.has(child.text) && !isPropertyName(child)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

function isPropertyName(id: ts.Identifier): boolean {
  const parent = id.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === id) ||
    (ts.isPropertyAssignment(parent) && parent.name === id) || (ts.isMethodDeclaration(parent) && parent.name === id);
}

/**
 * Variables that `body` assigns but does not declare: what one turn of a loop hands to the next
 * (`cursor = page.next`, `parentId = folder.id`). Counters (`i++`) carry no data from a response and do not count.
 * Nested functions count too: they may run within the turn.
 */
export function carriedVariables(body: ts.Node, declaredInside: ReadonlySet<string>): Set<string> {
  const carried = new Set<string>();
  const addTarget = (target: ts.Expression): void => {
    const inner = skipOuter(target);
    if (ts.isIdentifier(inner)) {
      if (!declaredInside.has(inner.text)) carried.add(inner.text);
    } else if (ts.isArrayLiteralExpression(inner)) {
      for (const element of inner.elements) addTarget(ts.isSpreadElement(element) ? element.expression : element);
    } else if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        if (ts.isShorthandPropertyAssignment(property)) addTarget(property.name);
        else if (ts.isPropertyAssignment(property)) addTarget(property.initializer);
        else if (ts.isSpreadAssignment(property)) addTarget(property.expression);
      }
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) addTarget(node.left);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return carried;
}

/** Variables the body steps by a constant (`i++`, `index += 1`): the position in a `while` loop over a collection. */
export function countersIn(body: ts.Node): Set<string> {
  const counters = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) counters.add(node.operand.text);
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && ts.isNumericLiteral(node.right) &&
      (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || node.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken)) {
      counters.add(node.left.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return counters;
}

/** Whether the loop body can leave the loop early: a `break` of this loop, or a `return` that is not an error response. */
export function leavesEarly(loop: ts.IterationStatement): boolean {
  const label = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  let found = false;
  const visit = (node: ts.Node, nested: boolean): void => {
    if (found || isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isBreakStatement(node) && (node.label ? node.label.text === label : !nested)) found = true;
    else if (ts.isReturnStatement(node) && !isErrorResponse(node.expression)) found = true;
    const inner = nested || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  ts.forEachChild(loop.statement, (child) => visit(child, false));
  return found;
}

const RESPONSE_ROOTS = /^(res|reply|response|ctx|c|h|NextResponse|Response)$/;

/** `return res.status(404).json(...)`, `return NextResponse.json(..., { status: 404 })`: a handler giving up, not a search finding its answer. */
function isErrorResponse(expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  let current = skipOuter(expr);
  if (ts.isNewExpression(current)) return ts.isIdentifier(current.expression) && RESPONSE_ROOTS.test(current.expression.text);
  for (;;) {
    if (ts.isCallExpression(current)) current = skipOuter(current.expression);
    else if (ts.isPropertyAccessExpression(current)) current = skipOuter(current.expression);
    else break;
  }
  return ts.isIdentifier(current) && RESPONSE_ROOTS.test(current.text) && current !== skipOuter(expr);
}

const PAUSE = /^(sleep|delay|wait|waitFor|pause|setTimeout|backoff|throttle|timeout)$|^(sleep|delay|wait|backoff)[A-Z]|RateLimit|[lL]imiter|[tT]hrottle/;

/** Whether the body waits on purpose between turns (`await sleep(ms)`, a rate limiter): polling or throttling, sequential by design. */
export function pausesBetweenTurns(body: ts.Node): boolean {
  // Found once: `getText()` without it climbs to the root for every await.
  const sourceFile = body.getSourceFile();
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const operand = skipOuter(node.expression);
      if (ts.isNewExpression(operand) && ts.isIdentifier(operand.expression) && operand.expression.text === 'Promise') {
        found = operand.getText(sourceFile).includes('setTimeout');
      } else if (ts.isCallExpression(operand)) {
        const callee = operand.expression.getText(sourceFile);
        found = PAUSE.test(callee.split('.').slice(-2).join('.')) || PAUSE.test(callee.split('.').pop() ?? '');
      }
      if (found) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** Whether the body adds to the collection it walks (a work queue, a crawl frontier): later turns depend on earlier ones. */
export function growsIn(collection: ts.Expression, body: ts.Node): boolean {
  const name = referenceText(collection);
  if (name === undefined) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) &&
      referenceText(node.expression.expression) === name && /^(push|unshift|splice|add|set)$/.test(node.expression.name.text)) {
      found = true;
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && referenceText(node.left) === name) {
      found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

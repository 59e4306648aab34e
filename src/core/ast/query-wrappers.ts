import ts from './ts-api.ts';
import { symbolAt } from './bindings.ts';
import { isFunctionLike, skipOuter } from './iteration.ts';
import { NodeMemo } from './memo.ts';
import { referencesAny } from './query-loops.ts';

/** A function of this program whose body may make a round trip: a function, a const arrow, a class or object method. */
export type WrapperFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | ts.MethodDeclaration;

/** What a wrapper's body does: the round trip, and which parameter (if any) carries its SQL statement. */
export interface WrappedCall<Q> {
  inner: Q;
  /** Index of the parameter the inner call takes its statement from (`run(sql) { return pool.query(sql) }`). */
  statementParameter: number | undefined;
}

interface InnerShape {
  node: ts.Node;
  statement?: ts.Node;
}

const bodies = new NodeMemo<WrappedCall<unknown> | null>();

/**
 * The first round trip in `fn`'s body that depends on what the caller passes (a parameter, or a local computed from
 * one: `const key = \`user:${id}\``). `recognize` classifies one call; results at the top level are remembered.
 */
export function wrappedCall<Q extends InnerShape>(fn: WrapperFunction, recognize: (call: ts.Expression) => Q | undefined,
  remember: boolean): WrappedCall<Q> | undefined {
  const known = remember ? bodies.get(fn) : undefined;
  if (known !== undefined) return (known ?? undefined) as WrappedCall<Q> | undefined;
  const body = fn.body;
  let found: WrappedCall<Q> | undefined;
  if (body) {
    const parameters: string[] = [];
    for (const parameter of fn.parameters) addNames(parameter.name, parameters);
    const tainted = new Set(parameters);
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isVariableDeclaration(node) && node.initializer && referencesAny(node.initializer, tainted)) {
        const names: string[] = [];
        addNames(node.name, names);
        for (const name of names) tainted.add(name);
      }
      if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
        const inner = recognize(node);
        if (inner && referencesAny(inner.node, tainted)) {
          const statement = inner.statement && ts.isIdentifier(inner.statement) ? inner.statement.text : undefined;
          const index = statement === undefined ? -1 : parameters.indexOf(statement);
          found = { inner, statementParameter: index >= 0 && fn.parameters.length === parameters.length ? index : undefined };
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
  }
  if (remember) bodies.set(fn, found ?? null);
  return found;
}

function addNames(name: ts.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) into.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addNames(element.name, into);
}

/** Whether a method reads `this` (outside nested non-arrow functions): called without its object, it fails. */
export function readsThis(fn: WrapperFunction): boolean {
  if (ts.isArrowFunction(fn) || !fn.body) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isClassLike(node) || (isFunctionLike(node) && !ts.isArrowFunction(node))) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword || node.kind === ts.SyntaxKind.SuperKeyword) found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return found;
}

/** The member `name` of a class or object literal, as a function: a method, or a property holding an arrow / function. */
export function memberFunction(owner: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression, name: string): WrapperFunction | undefined | 'absent' {
  const members: readonly ts.Node[] = ts.isObjectLiteralExpression(owner) ? owner.properties : owner.members;
  for (const member of members) {
    if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member) && !ts.isPropertyAssignment(member) &&
      !ts.isShorthandPropertyAssignment(member)) continue;
    if (!member.name || member.name.getText() !== name && !(ts.isStringLiteral(member.name) && member.name.text === name)) continue;
    if (ts.isMethodDeclaration(member)) return member;
    if (ts.isShorthandPropertyAssignment(member)) return localFunction(member.name, undefined);
    const value = member.initializer && skipOuter(member.initializer);
    if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return value;
    if (value && ts.isIdentifier(value)) return localFunction(value, undefined);
    return undefined;
  }
  return 'absent';
}

type Bound = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | null;
const scopeFunctions = new NodeMemo<Map<string, Bound>>();

/**
 * The function `id` names in this file: a function declaration, or a `const` bound to an arrow / function expression.
 * Imports, parameters and re-assignable variables give undefined.
 */
export function localFunction(id: ts.Identifier, checker: ts.TypeChecker | undefined): WrapperFunction | undefined {
  if (checker) {
    const symbol = symbolAt(id, checker);
    const declaration = symbol?.valueDeclaration;
    if (!declaration || declaration.getSourceFile() !== id.getSourceFile()) return undefined;
    return functionOf(declaration) ?? undefined;
  }
  for (let node: ts.Node | undefined = id.parent; node; node = node.parent) {
    if (isFunctionLike(node) && node.parameters.some((p) => bindsName(p.name, id.text))) return undefined;
    if (!ts.isBlock(node) && !ts.isSourceFile(node) && !ts.isModuleBlock(node)) continue;
    let names = scopeFunctions.get(node);
    if (!names) {
      names = new Map();
      for (const statement of node.statements) {
        if (ts.isFunctionDeclaration(statement) && statement.name) names.set(statement.name.text, functionOf(statement));
        else if (ts.isVariableStatement(statement)) {
          for (const declaration of statement.declarationList.declarations) {
            const bound: string[] = [];
            addNames(declaration.name, bound);
            for (const name of bound) names.set(name, functionOf(declaration));
          }
        }
      }
      scopeFunctions.set(node, names);
    }
    const hit = names.get(id.text);
    if (hit !== undefined) return hit ?? undefined;
  }
  return undefined;
}

function functionOf(declaration: ts.Node): Bound {
  if (ts.isFunctionDeclaration(declaration)) return declaration.body ? declaration : null;
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer &&
    ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0) {
    const value = skipOuter(declaration.initializer);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  }
  return null;
}

function bindsName(name: ts.BindingName, text: string): boolean {
  const names: string[] = [];
  addNames(name, names);
  return names.includes(text);
}

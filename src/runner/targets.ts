/**
 * The benchmarkable functions of a module: what gets a "▶ Benchmark" lens. A function qualifies
 * when the module's own top level can reach it after loading: function declarations, function
 * and arrow expressions bound to a top-level `const`, and methods of top-level classes (static
 * ones always, instance ones when the class can be built without arguments or has a `@bench`
 * setup). Functions nested in other functions or blocks are not reachable and get nothing.
 * Pure over a `ts.SourceFile`; the checker, when given, turns parameter types into input plans.
 */
import ts from 'typescript';
import { benchTag, readBenchTag, suggestBenchTag, topLevelNames } from './bench-tag.ts';
import { describeParameterType } from './describe-type.ts';
import type { BenchTarget, InputPlan, Span, TargetAccess, TargetKind, TypeDescriptor } from './protocol.ts';

type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

/** 64-bit FNV-1a (two 32-bit lanes) over UTF-16 units: cheap, and a changed function changes it. */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

function spanOf(node: ts.Node, sourceFile: ts.SourceFile): Span {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** Where the body opens (`{`, or `=>` of an expression-bodied arrow): the signature's last line. */
function signatureEnd(fn: FunctionNode, sourceFile: ts.SourceFile): number {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return fn.equalsGreaterThanToken.getStart(sourceFile);
  return (fn.body ?? fn).getStart(sourceFile);
}

interface Finder {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker | undefined;
  names: Set<string>;
  targets: BenchTarget[];
}

/** Parameters to generate: `this` is not one, optional and rest ones are left out. */
function requiredParameters(fn: FunctionNode, checker: ts.TypeChecker | undefined): ts.ParameterDeclaration[] {
  return fn.parameters.filter((param) => {
    if (ts.isIdentifier(param.name) && param.name.text === 'this') return false;
    if (param.dotDotDotToken || param.questionToken || param.initializer) return false;
    return !checker?.isOptionalParameter(param);
  });
}

function parameterName(param: ts.ParameterDeclaration, sourceFile: ts.SourceFile): string {
  return ts.isIdentifier(param.name) ? param.name.text : param.name.getText(sourceFile);
}

function inputPlan(finder: Finder, fn: FunctionNode, host: ts.Node): InputPlan {
  const tag = benchTag(host);
  if (tag) {
    const read = readBenchTag(tag, finder.names);
    return read.ok ? { kind: 'tag', expression: read.expression, helpers: read.helpers } : { kind: 'unsupported', reason: read.reason };
  }
  const required = requiredParameters(fn, finder.checker);
  if (required.length === 0) return { kind: 'none' };
  const { checker, sourceFile } = finder;
  if (!checker) return { kind: 'unsupported', reason: 'generating arguments needs the parameter types (the file is not in a typed project yet)' };
  const params: { name: string; type: TypeDescriptor }[] = [];
  for (const param of required) {
    const name = parameterName(param, sourceFile);
    const described = describeParameterType(checker.getTypeAtLocation(param), checker);
    if (!described.ok) return { kind: 'unsupported', reason: `parameter \`${name}\`: ${described.reason}` };
    params.push({ name, type: described.type });
  }
  return { kind: 'generated', params };
}

function add(finder: Finder, name: string, kind: TargetKind, fn: FunctionNode, host: ts.Node, nameNode: ts.Node, access: TargetAccess, extraHash = ''): void {
  const { sourceFile } = finder;
  const keyBase = `${kind}:${name}`;
  const taken = finder.targets.filter((target) => target.key === keyBase || target.key.startsWith(`${keyBase}@`)).length;
  finder.targets.push({
    name,
    kind,
    key: taken === 0 ? keyBase : `${keyBase}@${taken + 1}`,
    hash: hashText(sourceFile.text.slice(host.getStart(sourceFile, true), host.getEnd()) + extraHash),
    nameSpan: spanOf(nameNode, sourceFile),
    span: spanOf(host, sourceFile),
    annotateLine: sourceFile.getLineAndCharacterOfPosition(signatureEnd(fn, sourceFile)).line,
    access,
    input: inputPlan(finder, fn, host),
    async: hasModifier(fn, ts.SyntaxKind.AsyncKeyword),
    generator: fn.asteriskToken !== undefined,
  });
}

/** `default` for an anonymous default export: its name span is the `default` keyword. */
function declarationName(node: ts.FunctionDeclaration | ts.ClassDeclaration): { text: string; binding: string | null; node: ts.Node } | undefined {
  if (node.name) return { text: node.name.text, binding: node.name.text, node: node.name };
  const keyword = (ts.getModifiers(node) ?? []).find((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
  return keyword ? { text: 'default', binding: null, node: keyword } : undefined;
}

/** Whether `new C()` works: no constructor parameter is required (checked on the inherited one too when typed). */
function constructibleWithoutArguments(node: ts.ClassLikeDeclaration, checker: ts.TypeChecker | undefined): boolean {
  if (hasModifier(node, ts.SyntaxKind.AbstractKeyword)) return false;
  const constructor = node.members.find(ts.isConstructorDeclaration);
  if (constructor) return constructor.parameters.every((param) => param.questionToken || param.initializer || param.dotDotDotToken);
  const extendsClause = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
  if (!extendsClause || !checker) return true;
  const classType = checker.getTypeAtLocation(node.name ?? node);
  const symbol = classType.getSymbol();
  if (!symbol) return true;
  const constructorType = checker.getTypeOfSymbolAtLocation(symbol, node);
  return constructorType.getConstructSignatures().some((signature) =>
    signature.getParameters().every((param) => {
      const declaration = param.valueDeclaration;
      return !declaration || !ts.isParameter(declaration) || checker.isOptionalParameter(declaration);
    }));
}

function memberName(member: ts.ClassElement): { text: string; node: ts.Node } | undefined {
  const name = member.name;
  if (!name || ts.isPrivateIdentifier(name) || ts.isComputedPropertyName(name)) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return { text: name.text, node: name };
  return undefined;
}

function addClass(finder: Finder, node: ts.ClassLikeDeclaration, className: string, binding: string | null): void {
  const setupTag = benchTag(node);
  const setup = setupTag ? readBenchTag(setupTag, finder.names) : undefined;
  const instances = setup?.ok === true || (!setup && constructibleWithoutArguments(node, finder.checker));
  for (const member of node.members) {
    const name = memberName(member);
    if (!name || hasModifier(member, ts.SyntaxKind.AbstractKeyword) || hasModifier(member, ts.SyntaxKind.DeclareKeyword)) continue;
    let fn: FunctionNode | undefined;
    if (ts.isMethodDeclaration(member) && member.body) fn = member;
    else if (ts.isPropertyDeclaration(member) && member.initializer) {
      const initializer = unwrap(member.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) fn = initializer;
    }
    if (!fn) continue;
    if (hasModifier(member, ts.SyntaxKind.StaticKeyword)) {
      add(finder, `${className}.${name.text}`, 'static-method', fn, member, name.node, { kind: 'static', binding, member: name.text });
    } else if (instances) {
      const access: TargetAccess = setup?.ok
        ? { kind: 'instance', binding, member: name.text, setup: setup.expression, setupHelpers: setup.helpers }
        : { kind: 'instance', binding, member: name.text, setup: null, setupHelpers: [] };
      add(finder, `${className}#${name.text}`, 'method', fn, member, name.node, access, setup?.ok ? setup.expression : '');
    }
  }
}

function visitStatement(finder: Finder, statement: ts.Statement): void {
  if (hasModifier(statement, ts.SyntaxKind.DeclareKeyword)) return;
  if (ts.isFunctionDeclaration(statement) && statement.body) {
    const name = declarationName(statement);
    if (name) add(finder, name.text, 'function', statement, statement, name.node, { kind: 'binding', binding: name.binding });
  } else if (ts.isClassDeclaration(statement)) {
    const name = declarationName(statement);
    if (name) addClass(finder, statement, name.text, name.binding);
  } else if (ts.isVariableStatement(statement) && statement.declarationList.flags & ts.NodeFlags.Const) {
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
      const value = unwrap(declaration.initializer);
      const binding = declaration.name.text;
      // The JSDoc belongs to the statement; with several declarators each is its own host.
      const host = statement.declarationList.declarations.length === 1 ? statement : declaration;
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
        add(finder, binding, 'const', value, host, declaration.name, { kind: 'binding', binding });
      } else if (ts.isClassExpression(value)) {
        addClass(finder, value, binding, binding);
      }
    }
  }
}

/** The module's benchmarkable functions, in source order. Declaration files have none. */
export function findBenchTargets(sourceFile: ts.SourceFile, checker?: ts.TypeChecker): BenchTarget[] {
  if (sourceFile.isDeclarationFile) return [];
  const finder: Finder = { sourceFile, checker, names: topLevelNames(sourceFile), targets: [] };
  for (const statement of sourceFile.statements) visitStatement(finder, statement);
  return finder.targets;
}

/** The target whose name contains `offset` (the command's "position anywhere on the function's name"). */
export function targetAt(targets: readonly BenchTarget[], offset: number): BenchTarget | undefined {
  return targets.find((target) => target.nameSpan.start <= offset && offset <= target.nameSpan.end);
}

/**
 * The edit that gives `target` a `@bench` tag to fill in, for the lens of a function whose inputs
 * cannot be generated. Undefined when the target is not in `sourceFile`.
 */
export function benchTagEdit(sourceFile: ts.SourceFile, target: BenchTarget, checker?: ts.TypeChecker): { offset: number; text: string } | undefined {
  let found: { fn: FunctionNode; host: ts.Node } | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < target.span.start || node.pos > target.span.end) return;
    if (node.getStart(sourceFile) === target.span.start && node.getEnd() === target.span.end) {
      const fn = ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) ? node : functionOfHost(node);
      if (fn) found = { fn, host: node };
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) return undefined;
  const params = requiredParameters(found.fn, checker).map((param) => {
    const described = checker ? describeParameterType(checker.getTypeAtLocation(param), checker) : undefined;
    return { type: described?.ok ? described.type : undefined };
  });
  return suggestBenchTag(sourceFile, found.host, params);
}

function functionOfHost(node: ts.Node): FunctionNode | undefined {
  const declaration = ts.isVariableStatement(node) ? node.declarationList.declarations[0] : ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) ? node : undefined;
  const value = declaration?.initializer ? unwrap(declaration.initializer) : undefined;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
}

import ts from './ts-api.ts';
import { indentationOf } from './edits.ts';

/** Text written at a given indentation: the first line goes after it, later lines carry it. */
export type Render = (indent: string) => string;

/** The file's indentation step: a tab, or the smallest indentation in spaces (2 when the file has none). */
export function indentUnit(sourceFile: ts.SourceFile): string {
  let smallest = Infinity;
  for (const match of sourceFile.text.matchAll(/^([ \t]+)(?=[^\s*])/gm)) {
    if (match[1].startsWith('\t')) return '\t';
    smallest = Math.min(smallest, match[1].length);
  }
  return ' '.repeat(Number.isFinite(smallest) ? Math.min(Math.max(smallest, 2), 8) : 2);
}

const NEGATED_EQUALITY: Partial<Record<ts.SyntaxKind, string>> = {
  [ts.SyntaxKind.EqualsEqualsEqualsToken]: '!==',
  [ts.SyntaxKind.ExclamationEqualsEqualsToken]: '===',
  [ts.SyntaxKind.EqualsEqualsToken]: '!=',
  [ts.SyntaxKind.ExclamationEqualsToken]: '==',
};

/**
 * Moves source text into generated code: renames variables, re-indents continuation lines (never inside string or
 * template literals), and remembers what it moved so that comments left outside can be carried over.
 */
export class Writer {
  private readonly moved: [number, number][] = [];
  private readonly comments: ts.CommentRange[];

  constructor(private readonly sourceFile: ts.SourceFile, receiver: ts.Expression, end: ts.Node) {
    this.comments = commentsIn(end, receiver.getEnd(), end.getEnd(), sourceFile);
  }

  /** Text of `nodes` (contiguous) with `renames` applied, or undefined when something inside rebinds a renamed name. */
  text(nodes: ts.Node | readonly ts.Node[], renames: ReadonlyMap<string, string>, how: { parenthesize?: boolean; statements?: boolean } = {}): Render | undefined {
    const list = Array.isArray(nodes) ? nodes : [nodes as ts.Node];
    const { sourceFile } = this;
    const start = list[0].getStart(sourceFile);
    // Statements keep the comment that ends their last line; an expression cannot, or it would swallow what follows.
    const lastEnd = list[list.length - 1].getEnd();
    const trailing = how.statements ? ts.getTrailingCommentRanges(sourceFile.text, lastEnd) ?? [] : [];
    const end = trailing.length > 0 ? trailing[trailing.length - 1].end : lastEnd;
    const edits: { at: number; length: number; text: string }[] = [];
    const literals: [number, number][] = [];
    let shadowed = false;
    const visit = (node: ts.Node): void => {
      if ((ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isBindingElement(node) || ts.isFunctionDeclaration(node) ||
        ts.isClassDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name &&
        !ts.isComputedPropertyName(node.name) && !ts.isStringLiteral(node.name) && !ts.isNumericLiteral(node.name) &&
        !ts.isNoSubstitutionTemplateLiteral(node.name) && renames.size > 0 && [...renames.keys()].some((n) => bindsName(node.name as ts.BindingName, n))) {
        shadowed = true;
      }
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) literals.push([node.getStart(sourceFile), node.getEnd()]);
      if (ts.isIdentifier(node) && renames.has(node.text) && isVariableReference(node)) {
        const to = renames.get(node.text) as string;
        const at = node.getStart(sourceFile);
        edits.push({ at, length: node.text.length, text: ts.isShorthandPropertyAssignment(node.parent) ? `${node.text}: ${to}` : to });
      }
      ts.forEachChild(node, visit);
    };
    list.forEach(visit);
    if (shadowed) return undefined;
    this.moved.push([start, end]);
    const original = indentationOf(list[0], sourceFile);
    const text = sourceFile.text;
    return (indent) => {
      const all = [...edits];
      for (let at = text.indexOf('\n', start); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) {
        if (literals.some(([s, e]) => s < at && at < e)) continue;
        const width = /^[ \t]*/.exec(text.slice(at + 1, end))?.[0].length ?? 0;
        const rest = text.charAt(at + 1 + width);
        const lead = text.slice(at + 1, at + 1 + width);
        const replaced = rest === '\n' || rest === '\r' ? '' : lead.startsWith(original) ? indent + lead.slice(original.length) : indent;
        all.push({ at: at + 1, length: width, text: replaced });
      }
      all.sort((a, b) => b.at - a.at);
      let out = text.slice(start, end);
      for (const edit of all) out = out.slice(0, edit.at - start) + edit.text + out.slice(edit.at - start + edit.length);
      return how.parenthesize ? `(${out})` : out;
    };
  }

  /** A filter's result written negated without `!(…)` where a plain form exists: `!x` → `x`, `a === b` → `a !== b`. */
  negation(node: ts.Expression, renames: ReadonlyMap<string, string>): Render | undefined {
    const start = node.getStart(this.sourceFile);
    const plain = !this.comments.some((c) => c.pos >= start && c.end <= node.getEnd());
    if (plain && ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return this.text(node.operand, renames);
    const swapped = plain && ts.isBinaryExpression(node) ? NEGATED_EQUALITY[node.operatorToken.kind] : undefined;
    if (swapped && ts.isBinaryExpression(node)) {
      const left = this.text(node.left, renames);
      const right = this.text(node.right, renames);
      return left && right && ((indent) => `${left(indent)} ${swapped} ${right(indent)}`);
    }
    const text = this.text(node, renames);
    const tight = ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ||
      ts.isCallExpression(node) || ts.isParenthesizedExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isLiteralExpression(node);
    return text && ((indent) => (tight ? `!${text(indent)}` : `!(${text(indent)})`));
  }

  /** Comments written around the step `call` (after the previous step) that no moved text carries. */
  commentsOf(call: ts.CallExpression): string[] {
    const receiver = call.expression;
    const from = ts.isPropertyAccessExpression(receiver) ? receiver.expression.getEnd() : call.getStart(this.sourceFile);
    return this.leftOver(from, call.getEnd());
  }

  /** Comments after `call`, up to the end of the chain (around `.slice(0, k)`). */
  commentsAfter(call: ts.CallExpression): string[] {
    return this.leftOver(call.getEnd(), Infinity);
  }

  private leftOver(from: number, to: number): string[] {
    return this.comments
      .filter((c) => c.pos >= from && c.end <= to && !this.moved.some(([s, e]) => s <= c.pos && c.end <= e))
      .map((c) => this.sourceFile.text.slice(c.pos, c.end));
  }
}

/** Every comment between `from` and `to` inside `root`, found in the trivia around its tokens. */
function commentsIn(root: ts.Node, from: number, to: number, sourceFile: ts.SourceFile): ts.CommentRange[] {
  const found = new Map<number, ts.CommentRange>();
  const visit = (node: ts.Node): void => {
    if (node.getEnd() <= from || node.pos >= to || (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode)) return;
    const ranges = [...ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? [], ...ts.getTrailingCommentRanges(sourceFile.text, node.pos) ?? []];
    for (const c of ranges) if (c.pos >= from && c.end <= to) found.set(c.pos, c);
    node.getChildren(sourceFile).forEach(visit);
  };
  visit(root);
  return [...found.values()].sort((a, b) => a.pos - b.pos);
}

/** Whether `id` is used as a variable here rather than naming a property, label or declaration of something else. */
function isVariableReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) ||
    ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) ||
    ts.isEnumMember(parent) || ts.isJsxAttribute(parent)) && parent.name === id) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
  if (ts.isQualifiedName(parent) && parent.right === id) return false;
  return !(ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent));
}

export function bindsName(name: ts.BindingName, text: string): boolean {
  if (ts.isIdentifier(name)) return name.text === text;
  return name.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, text));
}

import ts from 'typescript';
import type { PerfHintsConfig } from './config.ts';
import type { Finding } from './types.ts';

export const UNUSED_SUPPRESSION = 'unused-suppression';

const DIRECTIVE = /perf-hints-ignore-(next-line|file)(?![\w-])([^\n*]*)/g;

interface Suppression {
  kind: 'next-line' | 'file';
  /** Empty means every rule. */
  ruleIds: string[];
  reason: string;
  /** Line the directive applies to (next-line) — 0-based. */
  line: number;
  commentStart: number;
  commentEnd: number;
  used: boolean;
}

/** `// perf-hints-ignore-next-line rule-a, rule-b -- reason` or `// perf-hints-ignore-file rule-a -- reason`. */
export function findSuppressions(sourceFile: ts.SourceFile): Suppression[] {
  const text = sourceFile.text;
  const found: Suppression[] = [];
  if (!text.includes('perf-hints-ignore-')) return found;
  for (const match of text.matchAll(DIRECTIVE)) {
    const comment = commentAround(sourceFile, match.index);
    if (!comment) continue;
    const [idsPart, ...reasonParts] = match[2].split('--');
    found.push({
      kind: match[1] as Suppression['kind'],
      ruleIds: idsPart.split(/[\s,]+/).filter(Boolean),
      reason: reasonParts.join('--').trim(),
      line: sourceFile.getLineAndCharacterOfPosition(comment.end).line + 1,
      commentStart: comment.pos,
      commentEnd: comment.end,
      used: false,
    });
  }
  return found;
}

function commentAround(sourceFile: ts.SourceFile, offset: number): ts.CommentRange | undefined {
  // Comments are trivia before a token; scanning the leading trivia of the following token finds them.
  const lineStart = sourceFile.getLineStarts()[sourceFile.getLineAndCharacterOfPosition(offset).line];
  const scan = (pos: number) =>
    ts.getLeadingCommentRanges(sourceFile.text, pos)?.find((c) => c.pos <= offset && offset < c.end) ??
    ts.getTrailingCommentRanges(sourceFile.text, pos)?.find((c) => c.pos <= offset && offset < c.end);
  const direct = scan(lineStart);
  if (direct) return direct;
  // A trailing comment after code on the same line: scan from each token end on that line.
  const lineText = sourceFile.text.slice(lineStart, offset);
  for (let i = lineText.length - 1; i >= 0; i--) {
    if (lineText[i] === '/' && (lineText[i + 1] === '/' || lineText[i + 1] === '*')) {
      const candidate = scan(lineStart + i);
      if (candidate) return candidate;
    }
  }
  return undefined;
}

export function applySuppressions(sourceFile: ts.SourceFile, findings: Finding[], config: PerfHintsConfig): Finding[] {
  const suppressions = findSuppressions(sourceFile);
  if (suppressions.length === 0) return findings;
  const covers = (s: Suppression, f: Finding) => s.ruleIds.length === 0 || s.ruleIds.includes(f.ruleId);
  const kept = findings.filter((finding) => {
    const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line;
    const match = suppressions.find(
      (s) => covers(s, finding) && (s.kind === 'file' || s.line === line),
    );
    if (match) match.used = true;
    return !match;
  });
  const severity = config.rules[UNUSED_SUPPRESSION] ?? 'warning';
  if (severity === 'off') return kept;
  for (const s of suppressions.filter((s) => !s.used)) {
    const ids = s.ruleIds.length ? s.ruleIds.join(', ') : 'any rule';
    kept.push({
      ruleId: UNUSED_SUPPRESSION,
      family: 'meta',
      severity,
      message: `This perf-hints-ignore comment suppresses nothing: no finding of ${ids} ${
        s.kind === 'file' ? 'in this file' : 'on the next line'
      }. Remove it so it cannot hide a future problem.`,
      start: s.commentStart,
      end: s.commentEnd,
      related: [],
      fixes: [{ title: 'Remove unused perf-hints-ignore comment', safe: true, edits: [removalOfLine(sourceFile, s)] }],
    });
  }
  return kept;
}

function removalOfLine(sourceFile: ts.SourceFile, s: Suppression) {
  const text = sourceFile.text;
  const lineStart = text.lastIndexOf('\n', s.commentStart - 1) + 1;
  const before = text.slice(lineStart, s.commentStart);
  if (before.trim() === '') {
    const lineEnd = text.indexOf('\n', s.commentEnd);
    return { start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, newText: '' };
  }
  return { start: s.commentStart - (before.length - before.trimEnd().length), end: s.commentEnd, newText: '' };
}

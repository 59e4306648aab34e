import { applyEdits } from './ast/edits.ts';
import { parse } from './engine.ts';
import type { Finding, Fix } from './types.ts';

export interface FixAllResult {
  text: string;
  /** Fixes applied over all rounds. */
  applied: number;
}

const DECLARED = /\b(?:const|let|var|function|class)\s+([\w$]+)/g;

/**
 * Applies every SAFE fix, ESLint-style: each round takes the first safe fix of each finding whose
 * edits overlap no fix already taken, applies them together, then re-analyzes, until nothing is
 * left to fix or `maxRounds` is reached. Two fixes of one round must not declare the same name
 * (both would pick `userSet` from the same text); the second waits for the next round, where
 * `freshName` sees the first. A round that would introduce a syntax error is dropped whole.
 */
export function fixAllSafe(fileName: string, text: string, analyze: (text: string) => Finding[], maxRounds = 10): FixAllResult {
  let current = text;
  let applied = 0;
  let baseErrors = syntaxErrorCount(fileName, current);
  for (let round = 0; round < maxRounds; round++) {
    const batch = pickBatch(analyze(current));
    if (batch.length === 0) break;
    let next: string;
    try {
      next = applyEdits(current, batch.flatMap((fix) => fix.edits));
    } catch {
      // A fix whose own edits overlap is a rule bug; leave the text as the last good round made it.
      break;
    }
    const errors = syntaxErrorCount(fileName, next);
    if (errors > baseErrors) break;
    baseErrors = errors;
    current = next;
    applied += batch.length;
  }
  return { text: current, applied };
}

function pickBatch(findings: readonly Finding[]): Fix[] {
  const taken: Fix[] = [];
  const spans: { start: number; end: number }[] = [];
  const declared = new Set<string>();
  for (const finding of findings) {
    const fix = finding.fixes.find((f) => f.safe && f.edits.length > 0);
    if (!fix) continue;
    const overlaps = fix.edits.some((edit) => spans.some((span) => edit.start < span.end && span.start < edit.end
      // Two insertions at one offset would come out in an arbitrary order.
      || (edit.start === edit.end && edit.start === span.start)));
    const names = fix.edits.flatMap((edit) => [...edit.newText.matchAll(DECLARED)].map((m) => m[1]));
    if (overlaps || names.some((name) => declared.has(name))) continue;
    taken.push(fix);
    spans.push(...fix.edits);
    for (const name of names) declared.add(name);
  }
  return taken;
}

function syntaxErrorCount(fileName: string, text: string): number {
  return (parse(fileName, text) as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

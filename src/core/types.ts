import type ts from 'typescript';

/** What kind of waste a rule finds; settings and reports group rules by it. */
export type Family = 'quadratic' | 'copy' | 'query';
/** Findings about Perf Hints itself (unused suppressions) rather than about the code. */
export type FindingFamily = Family | 'meta';
export const FAMILIES: readonly Family[] = ['quadratic', 'copy', 'query'];

export type Severity = 'hint' | 'info' | 'warning' | 'error';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

/** A replacement of the source text between two offsets. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes keep behaviour and are applied by fix-all; unsafe ones are suggestions only. */
  safe: boolean;
  /** Why an unsafe fix may change behaviour; shown with the suggestion. */
  caveat?: string;
  edits: TextEdit[];
}

export interface RelatedLocation {
  start: number;
  end: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  family: FindingFamily;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  related: RelatedLocation[];
  /** Computed on first read when the rule deferred them; enumerable, so JSON output includes them. */
  readonly fixes: Fix[];
}

/** What a rule hands to `report`; the engine adds rule id, family and severity. */
export interface Report {
  node: ts.Node;
  message: string;
  related?: { node: ts.Node; message: string }[];
  /**
   * Fixes, or a function computing them: hosts that only show diagnostics never call it, so rules
   * whose fixes need the checker pass a function to keep re-analysis on each keystroke cheap.
   */
  fixes?: Fix[] | (() => Fix[]);
}

export interface RuleContext {
  readonly sourceFile: ts.SourceFile;
  /** Present when the host built a program; rules must still work without it. */
  readonly checker: ts.TypeChecker | undefined;
  /** Whether the project's target/lib offers ES2025 iterator helpers (`values().map(...)`). */
  readonly iteratorHelpers: boolean;
  report(report: Report): void;
}

export interface RuleExamples {
  /** Each snippet must produce exactly one finding of the rule. */
  invalid: string[];
  /** Each snippet must produce no finding of the rule. */
  valid: string[];
}

export interface Rule {
  id: string;
  family: Family;
  defaultSeverity: Severity;
  /** The strongest fix the rule can offer. */
  fixSafety: 'safe' | 'unsafe' | 'mixed' | 'none';
  /** 'optional': types sharpen the verdict but the rule also works from syntax alone. */
  types: 'none' | 'optional';
  summary: string;
  why: string;
  /** Markdown paragraph explaining when the fix is safe and when it is only a suggestion. */
  fixSafetyNotes: string;
  examples: RuleExamples;
  /** Node kinds the engine hands to `check`; one tree walk serves every rule. */
  kinds: readonly ts.SyntaxKind[];
  /**
   * Narrows `kinds` by name, so the engine can pass over the many calls and property reads no rule
   * wants without calling each rule on them: a call reaches `check` only if its `methodName`
   * (`x.name(…)`, `x['name'](…)`) is in `calls`, a property access only if its name is in
   * `properties`. A kind without a list here reaches `check` whatever its name.
   */
  calls?: readonly string[];
  properties?: readonly string[];
  check(node: ts.Node, context: RuleContext): void;
}

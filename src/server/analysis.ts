import type { PerfHintsConfig } from '../core/config.ts';
import { analyzeSourceFile, analyzeText } from '../core/engine.ts';
import { UNUSED_SUPPRESSION } from '../core/suppressions.ts';
import type { Finding, Rule } from '../core/types.ts';
import type { ProjectService } from './projects.ts';
import type { WireFinding } from './worker-protocol.ts';

export interface Analysis {
  findings: Finding[];
  /** False when the findings came from syntax alone (cold project, or a file no program holds). */
  typed: boolean;
}

export type RuleErrorHandler = (rule: Rule, error: unknown, fileName: string) => void;

/**
 * What can be said before the project's program exists: every rule, without a checker. Rules stay
 * quiet where only types could tell, so this is nearly always a subset of the typed findings that
 * follow, and a user of a large project sees findings at once instead of after the program build.
 * Suppression comments are not judged yet: one naming a finding only types reveal would look unused.
 * Runs on the LSP thread: no program needed.
 */
export function quickAnalysis(fileName: string, text: string, config: PerfHintsConfig, onRuleError: RuleErrorHandler): Finding[] {
  const quickConfig = { ...config, rules: { ...config.rules, [UNUSED_SUPPRESSION]: 'off' as const } };
  return analyzeText(fileName, text, { config: quickConfig, onRuleError: (rule, error) => onRuleError(rule, error, fileName) });
}

/** A finding without its fixes, as a plain object: reading `fixes` would build them (rules defer them until asked). */
export function toWire(finding: Finding): WireFinding {
  const { ruleId, family, severity, message, start, end, related } = finding;
  return { ruleId, family, severity, message, start, end, related };
}

/** Whether a finding overlaps the range a code action was asked for. */
export function touches(finding: { start: number; end: number }, start: number, end: number): boolean {
  return finding.start <= end && finding.end >= start;
}

/** Runs the core analyzer over documents with a checker from the file's project (in the analysis worker). */
export class Analyzer {
  constructor(
    private readonly projects: ProjectService,
    private readonly onRuleError: RuleErrorHandler,
  ) {}

  /** Every enabled rule, with the checker of the file's project; `extraRoots` batch files into one program. */
  full(fileName: string, text: string, config: PerfHintsConfig, extraRoots: readonly string[] = []): Analysis {
    const onRuleError = (rule: Rule, error: unknown) => this.onRuleError(rule, error, fileName);
    const typed = this.projects.typedFile(fileName, extraRoots);
    if (typed && typed.sourceFile.text === text) {
      const { sourceFile, checker, iteratorHelpers } = typed;
      return { findings: analyzeSourceFile(sourceFile, { checker, config, iteratorHelpers, onRuleError }), typed: true };
    }
    return { findings: analyzeText(fileName, text, { config, onRuleError }), typed: false };
  }
}

import type { PerfHintsConfig } from '../core/config.ts';
import { analyzeSourceFile, analyzeText } from '../core/engine.ts';
import { RULES } from '../core/rules/index.ts';
import { UNUSED_SUPPRESSION } from '../core/suppressions.ts';
import type { Finding, Rule } from '../core/types.ts';
import type { ProjectService } from './projects.ts';

export interface Analysis {
  findings: Finding[];
  /** False when the findings came from syntax alone (cold project, or a file no program holds). */
  typed: boolean;
}

export type RuleErrorHandler = (rule: Rule, error: unknown, fileName: string) => void;

const SYNTAX_RULES = (): readonly Rule[] => RULES.filter((rule) => rule.types === 'none');

/** Runs the core analyzer over documents, with a checker from the file's project when one is at hand. */
export class Analyzer {
  constructor(
    private readonly projects: ProjectService,
    private readonly onRuleError: RuleErrorHandler,
  ) {}

  /**
   * What can be said before the project's program exists: only rules that never use types, so the
   * typed pass that follows adds findings but never takes one back. Suppression comments are not
   * judged yet — one naming a typed rule would look unused.
   */
  quick(fileName: string, text: string, config: PerfHintsConfig): Finding[] {
    const quickConfig = { ...config, rules: { ...config.rules, [UNUSED_SUPPRESSION]: 'off' as const } };
    return analyzeText(fileName, text, { config: quickConfig, rules: SYNTAX_RULES(), onRuleError: this.handler(fileName) });
  }

  /** Every enabled rule, with the checker of the file's project; `extraRoots` batch files into one program. */
  full(fileName: string, text: string, config: PerfHintsConfig, extraRoots: readonly string[] = []): Analysis {
    const onRuleError = this.handler(fileName);
    const typed = this.projects.typedFile(fileName, extraRoots);
    if (typed && typed.sourceFile.text === text) {
      const { sourceFile, checker, iteratorHelpers } = typed;
      return { findings: analyzeSourceFile(sourceFile, { checker, config, iteratorHelpers, onRuleError }), typed: true };
    }
    return { findings: analyzeText(fileName, text, { config, onRuleError }), typed: false };
  }

  private handler(fileName: string) {
    return (rule: Rule, error: unknown) => this.onRuleError(rule, error, fileName);
  }
}

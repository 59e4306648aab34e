import ts from 'typescript';
import type { PerfHintsConfig } from './config.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { RULES } from './rules/index.ts';
import { applySuppressions } from './suppressions.ts';
import type { Finding, Report, Rule, RuleContext, Severity } from './types.ts';

export interface AnalyzeOptions {
  checker?: ts.TypeChecker;
  config?: PerfHintsConfig;
  iteratorHelpers?: boolean;
  /** Restrict to these rules (tests and `--rule`); otherwise every enabled rule runs. */
  rules?: readonly Rule[];
  /** Called when a rule throws; analysis of the rest of the file goes on. */
  onRuleError?: (rule: Rule, error: unknown) => void;
}

export function severityOf(rule: Rule, config: PerfHintsConfig): Severity | 'off' {
  if (config.families[rule.family] === false) return 'off';
  return config.rules[rule.id] ?? rule.defaultSeverity;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS,
};

export const ANALYZABLE_EXTENSIONS = Object.keys(SCRIPT_KINDS);

export function isAnalyzable(fileName: string): boolean {
  return !fileName.endsWith('.d.ts') && ANALYZABLE_EXTENSIONS.some((ext) => fileName.endsWith(ext));
}

export function parse(fileName: string, text: string): ts.SourceFile {
  const ext = ANALYZABLE_EXTENSIONS.find((e) => fileName.endsWith(e)) ?? '.ts';
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[ext]);
}

/** Syntax-only analysis of a text: what the CLI and server fall back to when no program exists. */
export function analyzeText(fileName: string, text: string, options: AnalyzeOptions = {}): Finding[] {
  return analyzeSourceFile(parse(fileName, text), options);
}

export function analyzeSourceFile(sourceFile: ts.SourceFile, options: AnalyzeOptions = {}): Finding[] {
  const config = options.config ?? DEFAULT_CONFIG;
  const enabled = (options.rules ?? RULES)
    .map((rule) => ({ rule, severity: severityOf(rule, config) }))
    .filter((entry): entry is { rule: Rule; severity: Severity } => entry.severity !== 'off');

  const findings: Finding[] = [];
  const byKind = new Map<ts.SyntaxKind, { rule: Rule; context: RuleContext }[]>();
  for (const { rule, severity } of enabled) {
    const context: RuleContext = {
      sourceFile,
      checker: options.checker,
      iteratorHelpers: options.iteratorHelpers ?? false,
      report: (report: Report) => findings.push(toFinding(rule, severity, sourceFile, report)),
    };
    for (const kind of rule.kinds) {
      let listeners = byKind.get(kind);
      if (!listeners) byKind.set(kind, (listeners = []));
      listeners.push({ rule, context });
    }
  }

  const failed = new Set<Rule>();
  const visit = (node: ts.Node): void => {
    const listeners = byKind.get(node.kind);
    if (listeners) {
      for (const { rule, context } of listeners) {
        if (failed.has(rule)) continue;
        try {
          rule.check(node, context);
        } catch (error) {
          // One rule's bug must not cost the user every other finding in the file.
          failed.add(rule);
          options.onRuleError?.(rule, error);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const kept = applySuppressions(sourceFile, dedupe(findings), config);
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

function toFinding(rule: Rule, severity: Severity, sourceFile: ts.SourceFile, report: Report): Finding {
  return {
    ruleId: rule.id,
    family: rule.family,
    severity,
    message: report.message,
    start: report.node.getStart(sourceFile),
    end: report.node.getEnd(),
    related: (report.related ?? []).map((r) => ({
      start: r.node.getStart(sourceFile),
      end: r.node.getEnd(),
      message: r.message,
    })),
    fixes: report.fixes ?? [],
  };
}

/** Nested loops can make a rule see one site twice; a user wants one squiggle. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import ts from './ast/ts-api.ts';
import type { PerfHintsConfig } from './config.ts';
import { methodName } from './ast/iteration.ts';
import { clearNodeMemos } from './ast/memo.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { RULES } from './rules/index.ts';
import { applySuppressions } from './suppressions.ts';
import type { Finding, Fix, Report, Rule, RuleContext, Severity } from './types.ts';

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

export function scriptKindOf(fileName: string): ts.ScriptKind {
  const ext = ANALYZABLE_EXTENSIONS.find((e) => fileName.endsWith(e)) ?? '.ts';
  return SCRIPT_KINDS[ext];
}

export function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
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
  // Indexed by kind: an array lookup per node instead of a hash lookup, on every node of the file. Filled
  // up front so V8 keeps it a dense array (assigning far indexes to an empty one makes it a dictionary).
  const byKind = new Array<Listeners | undefined>(ts.SyntaxKind.Count).fill(undefined);
  for (const { rule, severity } of enabled) {
    const context: RuleContext = {
      sourceFile,
      checker: options.checker,
      iteratorHelpers: options.iteratorHelpers ?? false,
      report: (report: Report) => findings.push(toFinding(rule, severity, sourceFile, report, options.onRuleError)),
    };
    const listener: Listener = { rule, context, failed: false };
    for (const kind of rule.kinds) {
      if (kind === ts.SyntaxKind.CallExpression || kind === ts.SyntaxKind.PropertyAccessExpression) {
        const byName = (byKind[kind] ??= new ByName()) as ByName;
        byName.add(listener, kind === ts.SyntaxKind.CallExpression ? rule.calls : rule.properties);
      } else {
        ((byKind[kind] ??= []) as Listener[]).push(listener);
      }
    }
  }

  clearNodeMemos();
  const { nodes, listeners } = preorder(sourceFile, byKind);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    for (const listener of listeners[i]) {
      if (listener.failed) continue;
      try {
        listener.rule.check(node, listener.context);
      } catch (error) {
        // One rule's bug must not cost the user every other finding in the file. One listener object
        // serves all of a rule's kinds, so this stops the rule everywhere.
        listener.failed = true;
        options.onRuleError?.(listener.rule, error);
      }
    }
  }

  const kept = applySuppressions(sourceFile, dedupe(findings), config);
  return kept.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

interface Listener {
  rule: Rule;
  context: RuleContext;
  /** Set when the rule threw on this file: it is skipped for the rest of it. */
  failed: boolean;
}

/** Who is called on a node of some kind: the same rules for every node, or (calls, property accesses) by name. */
type Listeners = Listener[] | ByName;

/**
 * The listeners of a kind that rules may narrow by name (`Rule.calls`, `Rule.properties`). Each name's
 * list holds, in rule order, the rules that name it and the rules that take any name, so a node is
 * dispatched with one map lookup and no rule is called on a name it did not ask for.
 */
class ByName {
  private readonly named = new Map<string, Listener[]>();
  private readonly anyName: Listener[] = [];

  add(listener: Listener, names: readonly string[] | undefined): void {
    if (!names) {
      this.anyName.push(listener);
      for (const list of this.named.values()) list.push(listener);
      return;
    }
    for (const name of names) {
      let list = this.named.get(name);
      if (!list) this.named.set(name, (list = [...this.anyName]));
      list.push(listener);
    }
  }

  of(node: ts.Node): Listener[] {
    const name = ts.isCallExpression(node) ? methodName(node) : (node as ts.PropertyAccessExpression).name.text;
    return (name !== undefined && this.named.get(name)) || this.anyName;
  }
}

/** The listeners `node` is dispatched to (possibly none), given its kind's entry. */
function listenersOf(entry: Listeners, node: ts.Node): Listener[] {
  return entry instanceof ByName ? entry.of(node) : entry;
}

/** The nodes some rule listens to, in source order, each with the listeners to call on it. */
interface Dispatch {
  nodes: ts.Node[];
  listeners: Listener[][];
}

/**
 * The nodes some rule listens to, in source order; on the way, every node of the tree gets its
 * `parent`: a tree parsed without parent pointers (the CLI's, which saves TypeScript's own extra
 * walk) gets them here, before any rule can climb from a node it found below the one it was called
 * on. Recursive, the cheapest walk, down to `RECURSION_LIMIT`; deeper subtrees (a 10,000-term
 * `a + b + …` parses fine) continue on an explicit stack so they cannot overflow the call stack.
 */
function preorder(sourceFile: ts.SourceFile, byKind: readonly (Listeners | undefined)[]): Dispatch {
  const dispatch: Dispatch = { nodes: [], listeners: [] };
  collect(sourceFile, byKind, dispatch);
  let parent: ts.Node = sourceFile;
  let depth = 0;
  const visit = (child: ts.Node): void => {
    if (child.parent === undefined) (child as { parent: ts.Node }).parent = parent;
    collect(child, byKind, dispatch);
    if (depth === RECURSION_LIMIT) {
      preorderOnStack(child, byKind, dispatch);
      return;
    }
    const outer = parent;
    parent = child;
    depth++;
    ts.forEachChild(child, visit);
    depth--;
    parent = outer;
  };
  ts.forEachChild(sourceFile, visit);
  return dispatch;
}

const RECURSION_LIMIT = 250;

/** Adds `node` to the dispatch if some rule listens to it. */
function collect(node: ts.Node, byKind: readonly (Listeners | undefined)[], dispatch: Dispatch): void {
  const entry = byKind[node.kind];
  const called = entry && listenersOf(entry, node);
  if (called && called.length > 0) {
    dispatch.nodes.push(node);
    dispatch.listeners.push(called);
  }
}

/** `preorder` below `root`, on an explicit stack. */
function preorderOnStack(root: ts.Node, byKind: readonly (Listeners | undefined)[], dispatch: Dispatch): void {
  const stack: ts.Node[] = [];
  let parent = root;
  const push = (child: ts.Node): void => {
    if (child.parent === undefined) (child as { parent: ts.Node }).parent = parent;
    stack.push(child);
  };
  const pushChildren = (node: ts.Node): void => {
    parent = node;
    // Pushed in source order, then reversed so the first child is popped first.
    const first = stack.length;
    ts.forEachChild(node, push);
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const swap = stack[i];
      stack[i] = stack[j];
      stack[j] = swap;
    }
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    collect(node, byKind, dispatch);
    pushChildren(node);
  }
}

function toFinding(
  rule: Rule, severity: Severity, sourceFile: ts.SourceFile, report: Report, onRuleError: AnalyzeOptions['onRuleError'],
): Finding {
  const finding = {
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
  };
  const fixes = report.fixes ?? [];
  if (typeof fixes !== 'function') return { ...finding, fixes };
  let computed: Fix[] | undefined;
  return Object.defineProperty(finding, 'fixes', {
    enumerable: true,
    get: () => {
      if (!computed) {
        try {
          computed = fixes();
        } catch (error) {
          // A fix that cannot be built is dropped; the finding itself still stands.
          onRuleError?.(rule, error);
          computed = [];
        }
      }
      return computed;
    },
  }) as Finding;
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

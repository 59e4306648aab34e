import type { PerfHintsConfig } from '../core/config.ts';
import { analyzeSourceFile } from '../core/engine.ts';
import { supportsIteratorHelpers } from '../core/project.ts';
import type { Finding } from '../core/types.ts';
import type { AnalysisUnit, ProgramPlanner, ProjectGroup } from './programs.ts';
import { parseSyntaxOnly } from './programs.ts';

/**
 * The smallest pieces of one run's analysis that can go to different threads with unchanged
 * results: a project's typed files, which share one program (splitting it would re-parse their
 * imports in every part), or one file analyzed from syntax alone. Plain data, for worker threads.
 */
export type Job =
  | { kind: 'program'; group: ProjectGroup }
  | { kind: 'syntax'; file: string; iteratorHelpers: boolean };

/** What a job has to say besides findings; the CLI words and prints these in job order. */
export type Notice =
  | { kind: 'rule-error'; file: string; ruleId: string; error: string }
  | { kind: 'analysis-failed'; file: string; error: string }
  | { kind: 'warning'; message: string };

export interface JobContext {
  planner: ProgramPlanner;
  config: PerfHintsConfig;
  textOf(file: string): string | undefined;
  notify(notice: Notice): void;
}

/** In the order the single-threaded CLI has always analyzed them: group by group, typed files first. */
export function jobsOf(groups: readonly ProjectGroup[]): Job[] {
  return groups.flatMap((group): Job[] => {
    const iteratorHelpers = supportsIteratorHelpers(group.options);
    return [
      ...(group.typed.length > 0 ? [{ kind: 'program' as const, group }] : []),
      ...group.untyped.map((file) => ({ kind: 'syntax' as const, file, iteratorHelpers })),
    ];
  });
}

export function filesOf(job: Job): readonly string[] {
  return job.kind === 'program' ? job.group.typed : [job.file];
}

/**
 * Analyzes a job's files. Findings may compute their fixes lazily (a rule error met then is still
 * reported through `notify`); `settleJob` forces them, to hand findings over as data.
 */
export function runJob(job: Job, context: JobContext): Map<string, Finding[]> {
  const results = new Map<string, Finding[]>();
  const visit = ({ file, sourceFile, checker, iteratorHelpers }: AnalysisUnit) => {
    const onRuleError = (rule: { id: string }, error: unknown) => context.notify({ kind: 'rule-error', file, ruleId: rule.id, error: describe(error) });
    try {
      results.set(file, analyzeSourceFile(sourceFile, { checker, config: context.config, iteratorHelpers, onRuleError }));
    } catch (error) {
      context.notify({ kind: 'analysis-failed', file, error: describe(error) });
    }
  };
  if (job.kind === 'program') {
    context.planner.forEachTypedUnit(job.group, context.textOf, visit, (message) => context.notify({ kind: 'warning', message }));
  } else {
    const text = context.textOf(job.file);
    if (text !== undefined) visit({ file: job.file, sourceFile: parseSyntaxOnly(job.file, text), checker: undefined, iteratorHelpers: job.iteratorHelpers });
  }
  return results;
}

/** A job's findings as plain data (fixes computed), and its notices in the order they came. */
export interface JobResult {
  findings: [string, Finding[]][];
  notices: Notice[];
}

/** Runs a job to completion, for a worker thread to post back or the main thread to merge in job order. */
export function settleJob(job: Job, context: Omit<JobContext, 'notify'>): JobResult {
  const notices: Notice[] = [];
  const results = runJob(job, { ...context, notify: (notice) => notices.push(notice) });
  return { findings: [...results].map(([file, findings]) => [file, findings.map(toData)]), notices };
}

/** Reading `fixes` runs a rule's deferred fix builder, which may report a rule error: done before the notices are sent. */
function toData(finding: Finding): Finding {
  const { ruleId, family, severity, message, start, end, related, fixes } = finding;
  return { ruleId, family, severity, message, start, end, related, fixes };
}

/** The first line of an error's message: stderr gets one line per problem. */
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

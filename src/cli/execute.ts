import fs from 'node:fs';
import type { PerfHintsConfig } from '../core/config.ts';
import { ConfigError } from '../core/config.ts';
import { fixAllSafe } from '../core/fix-all.ts';
import { RULES } from '../core/rules/index.ts';
import { UNUSED_SUPPRESSION } from '../core/suppressions.ts';
import type { Finding } from '../core/types.ts';
import type { CliArgs } from './args.ts';
import { UsageError } from './args.ts';
import { loadRunConfig } from './config.ts';
import { collectFiles, displayPath, reason, toPosix } from './files.ts';
import { formatJson } from './format/json.ts';
import type { SarifRule } from './format/sarif.ts';
import { formatSarif } from './format/sarif.ts';
import { formatStylish } from './format/stylish.ts';
import type { Job, Notice } from './jobs.ts';
import { jobsOf, runJob } from './jobs.ts';
import { CRASH_HOOK_ENV, defaultThreads, partition, runParallel, workOf } from './parallel.ts';
import { ProgramPlanner } from './programs.ts';
import type { FileReport } from './report.ts';
import type { CliIo } from './run.ts';
import { VERSION } from './run.ts';

/** `--fix` rounds per file; each re-analyzes, since one fix can enable or obsolete another. */
const MAX_FIX_ROUNDS = 10;

const UNUSED_SUPPRESSION_RULE: SarifRule = {
  id: UNUSED_SUPPRESSION,
  family: 'meta',
  defaultSeverity: 'warning',
  summary: 'A perf-hints-ignore comment that suppresses nothing.',
  why: 'A suppression comment with nothing left to suppress would silently hide a future finding on that line or file.',
  fixSafetyNotes: 'Removing the comment is always safe.',
  documented: false,
};

/** The analysis run behind `runCli`, loaded once the command line is known to be valid. */
export async function execute(args: CliArgs, io: CliIo): Promise<number> {
  const knownRules = new Set([...RULES.map((rule) => rule.id), UNUSED_SUPPRESSION]);
  let config: PerfHintsConfig;
  let configDir: string;
  try {
    ({ config, dir: configDir } = loadRunConfig(io.cwd, args.config, args.rules, knownRules));
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof UsageError)) throw error;
    io.stderr(`perf-hints: ${error.message}\n`);
    return 2;
  }

  /** Failures that make the run incomplete: printed at once, exit code 2, SARIF notifications. */
  const problems: string[] = [];
  const fail = (message: string) => {
    problems.push(message);
    io.stderr(`perf-hints: ${message}\n`);
  };
  const display = (file: string) => displayPath(file, io.cwd);

  const collected = collectFiles(args.paths, { cwd: io.cwd, exclude: { dir: configDir, patterns: config.exclude }, noIgnore: args.noIgnore });
  for (const warning of collected.warnings) io.stderr(`perf-hints: warning: ${warning}\n`);
  for (const error of collected.errors) fail(error);
  if (collected.files.length === 0 && collected.errors.length === 0 && collected.warnings.length === 0) {
    io.stderr(`perf-hints: warning: no JavaScript or TypeScript files found in ${args.paths.join(', ')}\n`);
  }

  const texts = new Map<string, string>();
  for (const file of collected.files) {
    try {
      texts.set(file, fs.readFileSync(file, 'utf8'));
    } catch (error) {
      fail(`${display(file)}: cannot read file (${reason(error)})`);
    }
  }
  const files = collected.files.filter((file) => texts.has(file));
  const original = new Map(texts);

  const warn = (message: string) => io.stderr(`perf-hints: warning: ${message}\n`);
  const report = (notice: Notice) => {
    if (notice.kind === 'rule-error') io.stderr(`perf-hints: rule ${notice.ruleId} failed on ${display(notice.file)} and was skipped for that file: ${notice.error}\n`);
    else if (notice.kind === 'analysis-failed') fail(`${display(notice.file)}: analysis failed: ${notice.error}`);
    else warn(notice.message);
  };
  const planner = new ProgramPlanner(warn);
  const context = { planner, config, textOf: (file: string) => texts.get(file), notify: report };
  const runJobs = (jobs: readonly Job[]): Map<string, Finding[]> => {
    const results = new Map<string, Finding[]>();
    for (const job of jobs) {
      for (const [file, found] of runJob(job, context)) results.set(file, found);
    }
    return results;
  };
  const analyze = (batch: readonly string[]) => runJobs(jobsOf(planner.plan(batch)));

  /** Like `analyze`, on several threads when there is enough work; findings and notices (in job order) come out the same. */
  const analyzeAll = async (batch: readonly string[]): Promise<Map<string, Finding[]>> => {
    const jobs = jobsOf(planner.plan(batch));
    const bins = partition(jobs.map((job) => workOf(job, context.textOf)), args.threads ?? defaultThreads());
    if (bins.length === 1) return runJobs(jobs);
    const crashAtJob = Number(io.env[CRASH_HOOK_ENV]) || undefined;
    const settled = await runParallel(jobs, bins, { planner, config, textOf: context.textOf, crashAtJob, onWorkerLost: warn });
    const results = new Map<string, Finding[]>();
    for (const { findings: found, notices } of settled) {
      for (const [file, list] of found) results.set(file, list);
      for (const notice of notices) report(notice);
    }
    return results;
  };

  const findings = await analyzeAll(files);
  if (args.fix) {
    for (const file of files) fixFile(file);
    for (const file of files) {
      const text = texts.get(file);
      if (text === undefined || text === original.get(file)) continue;
      try {
        fs.writeFileSync(file, text);
      } catch (error) {
        fail(`${display(file)}: cannot write the fixed file (${reason(error)})`);
      }
    }
  }

  /** Safe fixes, round after round; each round re-analyzes the file with its project's checker. */
  function fixFile(file: string): void {
    if (!findings.get(file)?.some((finding) => finding.fixes.some((fix) => fix.safe))) return;
    let analyzed = texts.get(file) ?? '';
    const reanalyze = (text: string): Finding[] => {
      if (text !== analyzed) {
        texts.set(file, text);
        findings.set(file, analyze([file]).get(file) ?? []);
        analyzed = text;
      }
      return findings.get(file) ?? [];
    };
    const { text } = fixAllSafe(file, analyzed, reanalyze, MAX_FIX_ROUNDS);
    reanalyze(text);
  }

  const reports: FileReport[] = files.map((file) => {
    const shown = display(file);
    return { file, display: shown === file ? file : toPosix(shown), text: texts.get(file) ?? '', findings: findings.get(file) ?? [] };
  });
  if (args.format === 'json') {
    io.stdout(formatJson(reports, new Set(RULES.map((rule) => rule.id))));
  } else if (args.format === 'sarif') {
    io.stdout(formatSarif(reports, { version: VERSION, cwd: io.cwd, rules: [...RULES.map((rule) => ({ ...rule, documented: true })), UNUSED_SUPPRESSION_RULE], problems }));
  } else {
    io.stdout(formatStylish(reports, io.stdoutIsTTY && !io.env.NO_COLOR, args.fix));
  }

  if (problems.length > 0) return 2;
  return reports.some((report) => report.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PerfHintsConfig } from '../core/config.ts';
import type { Job, JobResult } from './jobs.ts';
import { describe, filesOf, settleJob } from './jobs.ts';
import type { ProgramPlanner } from './programs.ts';

/**
 * Measured on the bench corpus (463k lines of JavaScript, 2 cores): a single-threaded run keeps ~1.5
 * cores busy, since V8 optimizes TypeScript's parser and collects garbage on background threads
 * (3.8 s of CPU in 2.6 s). Every thread repeats that warm-up, so threads beyond two thirds of the
 * cores only fight over them: on 2 cores, 2 threads took 15% longer and 40% more CPU than 1.
 */
export const MAX_DEFAULT_THREADS = 8;

/**
 * Work is counted in characters of source. A worker starts ~0.2 s after the main thread (loading
 * TypeScript and the rules), as long as ~600k characters take to analyze cold; a thread must get
 * several times that to shorten the run.
 */
const MIN_WORK_PER_THREAD = 2_000_000;
const WORKER_START_WORK = 600_000;
/** A program parses and binds the default lib (~0.8 s alone) and checks its files: ~3× a syntax-only parse. */
const TYPED_WORK_FACTOR = 3;
const PROGRAM_WORK = 3_000_000;

/** Test hook: each worker throws, as a crash would, when it reaches its n-th job (1-based). */
export const CRASH_HOOK_ENV = 'PERF_HINTS_TEST_WORKER_CRASH';

export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, Math.floor((os.availableParallelism() * 2) / 3)));
}

export interface WorkerData {
  config: PerfHintsConfig;
  crashAtJob: number | undefined;
}

export interface ToWorker {
  jobs: { index: number; job: Job }[];
  texts: [string, string][];
}

export interface FromWorker {
  index: number;
  result: JobResult;
}

export function workOf(job: Job, textOf: (file: string) => string | undefined): number {
  const chars = filesOf(job).reduce((sum, file) => sum + (textOf(file)?.length ?? 0), 0);
  return job.kind === 'program' ? chars * TYPED_WORK_FACTOR + PROGRAM_WORK : chars;
}

/**
 * Splits jobs over at most `threads` threads, index 0 being the main thread: largest job first to
 * the least loaded thread. Fewer threads when there is too little work to pay for their start-up,
 * or when one big job (a project's program) leaves another thread next to nothing.
 */
export function partition(work: readonly number[], threads: number): number[][] {
  const total = work.reduce((sum, w) => sum + w, 0);
  const order = work.map((_, i) => i).sort((a, b) => work[b] - work[a] || a - b);
  for (let count = Math.min(threads, work.length, Math.floor(total / MIN_WORK_PER_THREAD)); count > 1; count--) {
    const bins = Array.from({ length: count }, (_, i) => ({ load: i === 0 ? 0 : WORKER_START_WORK, jobs: [] as number[] }));
    for (const index of order) {
      const bin = bins.reduce((least, candidate) => (candidate.load < least.load ? candidate : least));
      bin.jobs.push(index);
      bin.load += work[index];
    }
    if (bins.every((bin, i) => i === 0 || bin.load - WORKER_START_WORK >= MIN_WORK_PER_THREAD / 2)) {
      return bins.map((bin) => bin.jobs.sort((a, b) => a - b));
    }
  }
  return [work.map((_, i) => i)];
}

export interface ParallelOptions {
  planner: ProgramPlanner;
  config: PerfHintsConfig;
  textOf(file: string): string | undefined;
  crashAtJob: number | undefined;
  /** A worker stopped before finishing: its remaining jobs are run on the main thread. */
  onWorkerLost(message: string): void;
}

/**
 * Runs `bins[0]` on this thread while one worker per other bin runs its share; results come back
 * per job, indexed like `jobs`. Jobs a crashed worker did not finish are re-run here, so a crash
 * costs time, never findings.
 */
export async function runParallel(jobs: readonly Job[], bins: readonly number[][], options: ParallelOptions): Promise<JobResult[]> {
  const results: (JobResult | undefined)[] = new Array(jobs.length);
  const context = { planner: options.planner, config: options.config, textOf: options.textOf };
  const finished = bins.slice(1).map((bin) => startWorker(bin, jobs, options, results));
  for (const index of bins[0]) results[index] = settleJob(jobs[index], context);
  const outcomes = await Promise.all(finished);
  outcomes.forEach((stopped, i) => {
    const missing = bins[i + 1].filter((index) => results[index] === undefined);
    if (missing.length === 0) return;
    const files = missing.reduce((sum, index) => sum + filesOf(jobs[index]).length, 0);
    options.onWorkerLost(`a worker thread stopped (${stopped}); analyzing its remaining ${files} file(s) on the main thread`);
    for (const index of missing) results[index] = settleJob(jobs[index], context);
  });
  return results as JobResult[];
}

/** Resolves, once the worker has exited, to why it stopped; its results land in `results` as they come. */
function startWorker(bin: readonly number[], jobs: readonly Job[], options: ParallelOptions, results: (JobResult | undefined)[]): Promise<string> {
  const texts: [string, string][] = [];
  for (const index of bin) {
    for (const file of filesOf(jobs[index])) {
      const text = options.textOf(file);
      if (text !== undefined) texts.push([file, text]);
    }
  }
  return new Promise((resolve) => {
    let failure: string | undefined;
    let worker: Worker;
    try {
      worker = spawnWorker({ config: options.config, crashAtJob: options.crashAtJob });
    } catch (error) {
      resolve(`could not start: ${describe(error)}`);
      return;
    }
    worker.on('message', (message: FromWorker) => {
      results[message.index] = message.result;
    });
    worker.on('error', (error) => {
      failure ??= describe(error);
    });
    worker.on('exit', (code) => resolve(failure ?? `exit code ${code}`));
    try {
      worker.postMessage({ jobs: bin.map((index) => ({ index, job: jobs[index] })), texts } satisfies ToWorker);
    } catch (error) {
      failure = `could not send it its files: ${describe(error)}`;
      void worker.terminate();
    }
  });
}

/**
 * The bundle's worker launcher sits next to it (dist/cli-worker.js). From source (tests under tsx) the
 * worker does not inherit tsx's loader hooks, so it registers them before loading worker.ts.
 */
function spawnWorker(workerData: WorkerData): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(path.join(__dirname, 'cli-worker.js'), { workerData });
  const source = path.join(__dirname, 'worker.ts');
  if (!fs.existsSync(source)) throw new Error(`${source} is missing`);
  const loader = `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] }));\nrequire(${JSON.stringify(source)}).serveJobs();`;
  return new Worker(loader, { eval: true, workerData });
}

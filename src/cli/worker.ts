/**
 * A CLI worker thread (started as dist/cli-worker.js): analyzes the jobs it is sent, posts each
 * job's findings back as data as soon as it is done, and exits. See parallel.ts for the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { settleJob } from './jobs.ts';
import type { FromWorker, ToWorker, WorkerData } from './parallel.ts';
import { ProgramPlanner } from './programs.ts';

/** Serves the one batch of jobs the main thread sends; `onDone` runs once their findings are posted. */
export function serveJobs(onDone: () => void = () => {}): void {
  const port = parentPort;
  if (!port) throw new Error('worker.ts runs as a worker thread of the perf-hints CLI');
  const { config, crashAtJob } = workerData as WorkerData;
  port.once('message', ({ jobs, texts }: ToWorker) => {
    const textOf = new Map(texts);
    // Project configs were read on the main thread, which reported their errors; jobs carry the options.
    const planner = new ProgramPlanner(() => {});
    const context = { planner, config, textOf: (file: string) => textOf.get(file) };
    for (const [n, { index, job }] of jobs.entries()) {
      if (n + 1 === crashAtJob) throw new Error(`test crash at job ${crashAtJob}`);
      port.postMessage({ index, result: settleJob(job, context) } satisfies FromWorker);
    }
    port.close();
    onDone();
  });
}

/**
 * Everything the CLI runs, bundled as dist/cli-bundle.js and loaded through the code cache by its
 * two launchers: dist/cli.js (main.ts) and dist/cli-worker.js (worker-main.ts). Loading it loads
 * no TypeScript: that waits until files are analyzed, and then goes through the code cache too.
 */
import type { CodeCache } from './code-cache.ts';

export { runCli } from './run.ts';

/** A worker thread's jobs (worker.ts), with what they compiled kept for the next run. */
export async function serveJobs(codeCache: CodeCache): Promise<void> {
  codeCache.load(require.resolve('typescript'));
  const worker = await import('./worker.ts');
  worker.serveJobs(() => codeCache.save());
}

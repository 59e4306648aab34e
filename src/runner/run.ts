/**
 * The host side of a benchmark (extension host, tests, bench scripts): bundle, start a fresh
 * worker with a heap cap, watch it (time limit, process growth, cancellation), forward what the
 * user's code prints, and turn every way it can end into a result or a `BenchmarkError` that says
 * what happened and where, in the user's own file. Never imports `vscode` or `typescript`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import { bundle, BundleError } from './bundle.ts';
import type { BenchRequest, BenchResult, FailureKind, FromWorker, Phase, SourceLocation, WireFailure, WorkerData } from './protocol.ts';
import { BundleMap, formatLocation } from './source-map.ts';
import { locateBusyWorker } from './stuck.ts';

export const DEFAULTS = { n: 1000, seed: 1, budgetMs: 1000, timeLimitMs: 10_000, memoryMb: 1024 } as const;

export interface RunOptions {
  signal?: AbortSignal;
  /** What the benchmarked code prints, as it prints it (capped at 1 MB per run). */
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void;
  onPhase?(phase: Phase): void;
  /** The built worker; default: runner-worker.js beside this module, else worker.ts through tsx (tests). */
  workerFile?: string;
}

export class BenchmarkError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    /** Where in the user's code, when known. */
    readonly location?: SourceLocation,
    /** The user's stack, mapped to their files. */
    readonly userStack?: string,
  ) {
    super(message);
    this.name = 'BenchmarkError';
  }
}

const OUTPUT_CAP = 1 << 20;
const WATCH_INTERVAL_MS = 50;
/** How long the inspector may take to say where a stuck worker is before it is stopped anyway. */
const LOCATE_TIMEOUT_MS = 1000;
const TERMINATE_GRACE_MS = 2000;
/**
 * The young generation of a 64-bit Node main thread (three 16 MB semi-spaces). A worker would
 * size it from its heap cap, smaller: code that allocates would collect more often than it does
 * in the program it comes from.
 */
const YOUNG_GENERATION_MB = 48;

/**
 * The built worker sits next to the bundle that holds this module (dist/runner-worker.js). From
 * source (tests under tsx) the worker registers tsx's hooks first, as workers do not inherit them.
 */
function spawnWorker(options: WorkerOptions, workerFile: string | undefined): Worker {
  const built = workerFile ?? path.join(__dirname, 'runner-worker.js');
  if (workerFile || fs.existsSync(built)) return new Worker(built, options);
  const source = path.join(__dirname, 'worker.ts');
  const loader = `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] }));\nrequire(${JSON.stringify(source)});`;
  return new Worker(loader, { ...options, eval: true });
}

function locationOf(text: string, offset: number, file: string): SourceLocation {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}

function rssReader(): () => number {
  const usage = process.memoryUsage as typeof process.memoryUsage & { rss?: () => number };
  return typeof usage.rss === 'function' ? () => usage.rss!() : () => process.memoryUsage().rss;
}

/** Runs one benchmark in a fresh worker. Rejects with a `BenchmarkError` on any failure. */
export async function runBenchmark(request: BenchRequest, options: RunOptions = {}): Promise<BenchResult> {
  const target = request.target;
  const file = path.resolve(request.file);
  const at = (location: SourceLocation | undefined) => (location ? ` at ${formatLocation(location, request.root)}` : '');
  const text = request.text ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
  const functionLocation = locationOf(text, target.nameSpan.start, file);
  if (target.input.kind === 'unsupported') {
    throw new BenchmarkError(`Cannot generate the arguments of \`${target.name}\`: ${target.input.reason}. Write them in a @bench tag, e.g. /** @bench [range(n)] */.`, 'unsupported', functionLocation);
  }
  if (options.signal?.aborted) throw new BenchmarkError(`The benchmark of \`${target.name}\` was cancelled.`, 'cancelled');
  options.onPhase?.('bundle');
  let built: Awaited<ReturnType<typeof bundle>>;
  try {
    built = await bundle({ ...request, text });
  } catch (error) {
    // Not a BundleError: esbuild itself failed to load or start.
    const location = error instanceof BundleError ? error.location : undefined;
    throw new BenchmarkError(`Could not bundle ${path.basename(file)} for \`${target.name}\`: ${(error as Error).message}${at(location)}`, 'build', location);
  }
  if (options.signal?.aborted) throw new BenchmarkError(`The benchmark of \`${target.name}\` was cancelled.`, 'cancelled');
  const data: WorkerData = {
    code: built.code,
    bundleFile: built.bundleFile,
    file,
    target,
    n: request.n ?? DEFAULTS.n,
    seed: request.seed ?? DEFAULTS.seed,
    budgetMs: request.budgetMs ?? DEFAULTS.budgetMs,
  };
  return watch(data, new BundleMap(built.map, built.bundleFile), functionLocation, request, options, at);
}

function watch(
  data: WorkerData,
  map: BundleMap,
  functionLocation: SourceLocation,
  request: BenchRequest,
  options: RunOptions,
  at: (location: SourceLocation | undefined) => string,
): Promise<BenchResult> {
  const name = data.target.name;
  const memoryMb = request.memoryMb ?? DEFAULTS.memoryMb;
  const timeLimitMs = request.timeLimitMs ?? DEFAULTS.timeLimitMs;
  const worker = spawnWorker({ workerData: data, resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }, stdout: true, stderr: true, execArgv: [] }, options.workerFile);
  let phase: Phase = 'load';
  let printed = 0;
  const forward = (stream: 'stdout' | 'stderr') => (chunk: string) => {
    if (printed >= OUTPUT_CAP) return;
    printed += chunk.length;
    options.onOutput?.(printed >= OUTPUT_CAP ? `${chunk}\n[output past 1 MB not shown]\n` : chunk, stream);
  };
  // Decoded as a stream: a character split across two chunks stays whole.
  worker.stdout.setEncoding('utf8').on('data', forward('stdout'));
  worker.stderr.setEncoding('utf8').on('data', forward('stderr'));

  /** What was running: the module's top level, the argument builder, or the function. */
  const subject = () => (phase === 'load' ? `Loading ${path.basename(data.file)}` : phase === 'inputs' ? `Building the arguments of \`${name}\`` : `\`${name}\``);

  return new Promise<BenchResult>((resolve, reject) => {
    let settled = false;
    const rss = rssReader();
    const startRss = rss();
    const settle = (outcome: { result: BenchResult } | { error: BenchmarkError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(limitTimer);
      clearInterval(memoryTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Settle once the worker is gone, so its memory is back before the next run starts (or after
      // a grace period: a worker that will not stop must not hang the caller).
      const gone = Promise.race([worker.terminate().catch(() => undefined), new Promise((done) => setTimeout(done, TERMINATE_GRACE_MS))]);
      void gone.then(() => ('result' in outcome ? resolve(outcome.result) : reject(outcome.error)));
    };
    const failWith = (kind: FailureKind, message: string, location?: SourceLocation, userStack?: string) =>
      settle({ error: new BenchmarkError(message, kind, location, userStack) });

    const onFailure = (failure: WireFailure) => {
      const mapped = failure.stack ? map.mapStack(failure.stack) : { stack: undefined, location: undefined };
      const location = mapped.location ?? functionLocation;
      const where = at(location);
      const what = subject();
      const messages: Record<string, string> = {
        throw: failure.unhandled ? `${what} threw ${failure.message} from a callback${where}` : `${what} threw ${failure.message}${where}`,
        rejection: failure.unhandled
          ? `${what} left a rejected promise unhandled: ${failure.message}${where}`
          : `${what} returned a promise that rejected with ${failure.message}${where}`,
        exit: `${what} called process.exit(${failure.code ?? ''})${where}; the benchmark worker stopped`,
        load: `Loading ${path.basename(data.file)} threw ${failure.message}${where}`,
      };
      failWith(failure.kind, messages[failure.kind] ?? `${what} failed: ${failure.message}${where}`, location, mapped.stack);
    };

    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'phase') {
        phase = message.phase;
        options.onPhase?.(phase);
      } else if (message.kind === 'result') {
        settle({ result: message.result });
      } else {
        onFailure(message.failure);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        failWith('memory', `${subject()} ran out of memory: the benchmark worker reached its ${memoryMb} MB heap limit and was stopped (the function is at ${formatLocation(functionLocation, request.root)})`, functionLocation);
      } else {
        failWith('crash', `The benchmark worker of \`${name}\` failed: ${error.message}`, functionLocation);
      }
    });
    worker.on('exit', (code) => failWith('crash', `The benchmark worker of \`${name}\` stopped with exit code ${code} before reporting`, functionLocation));

    const limitTimer = setTimeout(() => {
      void locateBusyWorker(worker, LOCATE_TIMEOUT_MS).then((frames) => {
        const inBundle = frames?.find((frame) => frame.url === map.bundleFile || frame.url === pathToFileURL(map.bundleFile).href);
        const location = (inBundle && map.original(inBundle.line, inBundle.column)) || functionLocation;
        failWith('timeout', `${subject()} did not finish within the ${timeLimitMs / 1000} s time limit (an endless loop, or calls far slower than the limit): stopped${at(location)}`, location);
      });
    }, timeLimitMs);
    // External memory (ArrayBuffers) is outside the heap cap: bound what the whole process may grow by.
    const memoryTimer = setInterval(() => {
      const grown = (rss() - startRss) / (1 << 20);
      if (grown > memoryMb * 2) {
        failWith('memory', `${subject()} ran out of memory: the process grew by ${Math.round(grown)} MB (limit ${memoryMb * 2} MB) and the benchmark worker was stopped (the function is at ${formatLocation(functionLocation, request.root)})`, functionLocation);
      }
    }, WATCH_INTERVAL_MS);
    const onAbort = () => failWith('cancelled', `The benchmark of \`${name}\` was cancelled.`);
    options.signal?.addEventListener('abort', onAbort);
  });
}

/**
 * One run at a time per file: a run asked for while another of the same file is running starts
 * when that one ends. The extension keeps one of these.
 */
export class BenchmarkQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run(request: BenchRequest, options?: RunOptions): Promise<BenchResult> {
    const key = path.resolve(request.file);
    const next = (this.tails.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => runBenchmark(request, options));
    this.tails.set(key, next);
    const forget = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  busy(file: string): boolean {
    return this.tails.has(path.resolve(file));
  }
}

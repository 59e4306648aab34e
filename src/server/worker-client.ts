import fs from 'node:fs';
import path from 'node:path';
import type { WorkerOptions } from 'node:worker_threads';
import { Worker } from 'node:worker_threads';
import type { FromWorker, Params, RequestKind, Result, ToWorker } from './worker-protocol.ts';

/** The worker stopped (crash, memory cap) or is being restarted: the caller falls back to syntax alone. */
export class WorkerStopped extends Error {}

export interface AnalysisWorkerOptions {
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** A new worker took over after a crash; open documents were already replayed to it. */
  onRestart?(): void;
  /** V8 old-generation cap of the worker; beyond it the worker is stopped and restarted. */
  maxMemoryMb?: number;
}

/** Default cap: tsserver's own default (`typescript.tsserver.maxTsServerMemory`). */
export const DEFAULT_WORKER_MEMORY_MB = 3072;
const MAX_RESTART_DELAY_MS = 60_000;

/**
 * The built worker sits next to the bundle (dist/analysis-worker.js). From source (tests, benches
 * under tsx) a worker does not inherit tsx's loader hooks, so it registers them before loading the .ts.
 */
function spawnWorker(options: WorkerOptions): Worker {
  const built = path.join(__dirname, 'analysis-worker.js');
  if (fs.existsSync(built)) return new Worker(built, options);
  const source = path.join(__dirname, 'analysis-worker.ts');
  const loader = `require(require.resolve('tsx/cjs', { paths: [${JSON.stringify(__dirname)}] }));\nrequire(${JSON.stringify(source)});`;
  return new Worker(loader, { ...options, eval: true });
}

/**
 * The LSP thread's handle on the analysis worker: typed requests answered by promises (undefined
 * when the worker dropped a superseded request), a mirror of open documents replayed into a restarted
 * worker, and what the worker last said about its projects (which open files are warm, whether it is
 * building a program now). A crashed worker is restarted at once, then with growing delays while it
 * keeps crashing without answering anything.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { key?: string; resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly latest = new Map<string, number>();
  private readonly docs = new Map<string, { version: number; text: string }>();
  private warm = new Set<string>();
  private failures = 0;
  private stopped = false;
  private restartTimer: NodeJS.Timeout | undefined;
  /** The worker is building or extending a program: requests queued behind it may wait seconds. */
  building = false;

  constructor(private readonly options: AnalysisWorkerOptions) {
    this.start();
  }

  /** Whether the file's project is built with the file in it: the worker answers within a keystroke's budget. */
  isWarm(fileName: string): boolean {
    return this.worker !== undefined && this.warm.has(fileName);
  }

  /**
   * Sends a request. With `supersedes`, a still-queued earlier request under the same key is
   * cancelled (the re-analysis of a document drops the one for its previous version).
   */
  request<K extends RequestKind>(kind: K, params: Params<K>, supersedes?: string): Promise<Result<K> | undefined> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new WorkerStopped('the analysis worker is restarting'));
    const id = this.nextId++;
    if (supersedes !== undefined) {
      const previous = this.latest.get(supersedes);
      if (previous !== undefined && this.pending.has(previous)) this.post({ kind: 'cancel', id: previous });
      this.latest.set(supersedes, id);
    }
    return new Promise<Result<K> | undefined>((resolve, reject) => {
      this.pending.set(id, { key: supersedes, resolve: resolve as (value: unknown) => void, reject });
      this.post({ kind: 'request', id, request: kind, params } as ToWorker);
    });
  }

  sync(fileName: string, version: number, text: string): void {
    this.docs.set(fileName, { version, text });
    this.post({ kind: 'sync', fileName, version, text });
  }

  close(fileName: string): void {
    this.docs.delete(fileName);
    this.warm.delete(fileName);
    this.post({ kind: 'close', fileName });
  }

  diskChanged(fileName: string, change: 'created' | 'changed' | 'deleted'): void {
    this.post({ kind: 'disk', fileName, change });
  }

  release(fileNames: string[]): void {
    this.post({ kind: 'release', fileNames });
  }

  /** Test hook: makes the worker throw or exhaust its memory cap. */
  crash(how: 'throw' | 'oom'): void {
    this.post({ kind: 'crash', how });
  }

  async terminate(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.failAll('the analysis worker was stopped');
    await worker?.terminate();
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private start(): void {
    const worker = spawnWorker({
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb ?? DEFAULT_WORKER_MEMORY_MB },
      // The LSP thread's stdout may be the protocol stream: nothing the worker prints may reach it.
      stdout: true,
      stderr: true,
    });
    worker.stdout.on('data', (chunk) => this.options.log('info', String(chunk).trimEnd()));
    worker.stderr.on('data', (chunk) => this.options.log('warn', String(chunk).trimEnd()));
    let failure: Error | undefined;
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => this.exited(worker, code, failure));
    this.worker = worker;
    for (const [fileName, { version, text }] of this.docs) this.post({ kind: 'sync', fileName, version, text });
  }

  private receive(message: FromWorker): void {
    switch (message.kind) {
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (pending.key !== undefined && this.latest.get(pending.key) === message.id) this.latest.delete(pending.key);
        if (message.status === 'ok') {
          this.failures = 0;
          pending.resolve(message.result);
        } else if (message.status === 'cancelled') {
          pending.resolve(undefined);
        } else {
          pending.reject(new Error(message.error));
        }
        return;
      }
      case 'log':
        this.options.log(message.level, message.message);
        return;
      case 'state':
        this.building = message.building;
        this.warm = new Set(message.warm);
    }
  }

  private exited(worker: Worker, code: number, failure: Error | undefined): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.warm.clear();
    this.building = false;
    const reason = failure ? `${(failure as NodeJS.ErrnoException).code ?? failure.name}: ${failure.message}` : `exit code ${code}`;
    this.failAll(`the analysis worker stopped (${reason})`);
    if (this.stopped) return;
    const delay = this.failures === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** (this.failures - 1));
    this.failures++;
    this.options.log('error', `The analysis worker stopped (${reason}); restarting it${delay ? ` in ${delay / 1000} s` : ''}. Open documents get syntax-only findings meanwhile.`);
    this.restartTimer = setTimeout(() => {
      if (this.stopped) return;
      this.start();
      this.options.onRestart?.();
    }, delay);
  }

  private failAll(reason: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.latest.clear();
    for (const { reject } of pending) reject(new WorkerStopped(reason));
  }
}

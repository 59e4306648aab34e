/**
 * The benchmark worker (dist/runner-worker.js): one per run, thrown away after it. Loads the
 * bundle like a CommonJS module, builds the inputs, measures, and posts a result or a failure
 * whose stack is still in bundle coordinates (the host maps it). Guards make the user's
 * `process.exit`, uncaught exceptions and unhandled rejections report where they came from.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { generateArguments, helpers } from './inputs.ts';
import type { Call } from './measure.ts';
import { CallFailure, measure, turn } from './measure.ts';
import type { FailureKind, FromWorker, Phase, WireFailure, WorkerData } from './protocol.ts';
import { HOOKS_KEY, NAMESPACE_KEY } from './protocol.ts';
import { toResult } from './stats.ts';

interface Hooks {
  target?: () => unknown;
  setup?: (helpers: Record<string, unknown>) => unknown;
  args?: (helpers: Record<string, unknown>) => unknown;
}

const data = workerData as WorkerData;
let phase: Phase = 'load';

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function setPhase(next: Phase): void {
  phase = next;
  post({ kind: 'phase', phase: next });
}

/** A thrown value in words; user values may have hostile `toString`s. */
function describe(value: unknown): { message: string; stack?: string } {
  try {
    if (value instanceof Error) return { message: `${value.name}: ${value.message}`, stack: value.stack };
    return { message: typeof value === 'string' ? JSON.stringify(value) : String(value) };
  } catch {
    return { message: Object.prototype.toString.call(value) };
  }
}

function fail(kind: FailureKind, value: unknown, extra: Partial<WireFailure> = {}): void {
  post({ kind: 'failure', failure: { kind, phase, ...describe(value), ...extra } });
}

const exit = process.exit.bind(process);
function installGuards(): void {
  process.exit = ((code?: number | string | null) => {
    // The stack of this call is the user's `process.exit` site.
    fail('exit', new Error(`process.exit(${code ?? ''})`), { code: Number(code ?? 0), message: `process.exit(${code ?? ''})` });
    exit(code ?? 0);
  }) as typeof process.exit;
  process.on('uncaughtException', (error) => {
    fail('throw', error, { unhandled: true });
    exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    fail('rejection', reason, { unhandled: true });
    exit(1);
  });
}

function loadBundle(): { hooks: Hooks; namespace: Record<string, unknown> } {
  const evaluate = vm.runInThisContext(data.code, { filename: data.bundleFile }) as (...args: unknown[]) => void;
  const module = { exports: {} };
  evaluate.call(module.exports, module.exports, createRequire(data.file), module, data.file, path.dirname(data.file));
  const global = globalThis as Record<symbol, unknown>;
  return { hooks: (global[Symbol.for(HOOKS_KEY)] ?? {}) as Hooks, namespace: (global[Symbol.for(NAMESPACE_KEY)] ?? {}) as Record<string, unknown> };
}

/** A generator function's work is what it yields: the benchmarked call drains it. */
function drained(generator: (...args: unknown[]) => unknown, async: boolean): (...args: unknown[]) => unknown {
  if (async) {
    return async function (this: unknown, ...args: unknown[]) {
      let last: unknown;
      for await (const value of generator.apply(this, args) as AsyncIterable<unknown>) last = value;
      return last;
    };
  }
  return function (this: unknown, ...args: unknown[]) {
    let last: unknown;
    for (const value of generator.apply(this, args) as Iterable<unknown>) last = value;
    return last;
  };
}

function callMaker(hooks: Hooks, namespace: Record<string, unknown>): () => Call {
  const { target, n, seed } = data;
  const access = target.access;
  const owner = (): unknown => (access.kind !== 'selection' && access.binding === null ? namespace.default : hooks.target?.());
  const argumentsOf = (): unknown[] => {
    if (target.input.kind === 'generated') return generateArguments(target.input.params, n, seed);
    if (target.input.kind !== 'tag') return [];
    const args = hooks.args?.(helpers(n, seed));
    if (!Array.isArray(args)) throw new TypeError(`the @bench tag must give an array of arguments, e.g. [range(n)]; it gave ${describe(args).message}`);
    return args;
  };
  return () => {
    let self: unknown;
    let fn: unknown;
    if (access.kind === 'static' || access.kind === 'instance') {
      const owned = owner() as Record<string, unknown> & (new () => unknown);
      self = access.kind === 'static' ? owned : access.setup !== null ? hooks.setup?.(helpers(n, seed)) : new owned();
      fn = (self as Record<string, unknown> | null | undefined)?.[access.member];
    } else {
      fn = owner();
    }
    if (typeof fn !== 'function') throw new TypeError(`\`${target.name}\` is not a function when the module has loaded (it is ${describe(fn).message})`);
    const call = fn as (...args: unknown[]) => unknown;
    return { fn: target.generator ? drained(call, target.async) : call, self, args: argumentsOf() };
  };
}

async function main(): Promise<void> {
  installGuards();
  setPhase('load');
  let loaded: ReturnType<typeof loadBundle>;
  try {
    loaded = loadBundle();
  } catch (error) {
    fail('load', error);
    return;
  }
  try {
    const { latency, measurement } = await measure(callMaker(loaded.hooks, loaded.namespace), {
      budgetMs: data.budgetMs,
      onPhase: setPhase,
      receiver: data.target.access.kind === 'static' || data.target.access.kind === 'instance',
    });
    await turn();
    post({ kind: 'result', result: toResult(latency, measurement, { name: data.target.name, n: data.n, hash: data.target.hash }) });
  } catch (error) {
    if (error instanceof CallFailure) fail(error.kind, error.value);
    else fail('throw', error);
  }
}

void main();

/**
 * Times a function in the worker. tinybench drives warm-up, sampling and the time budget; each of
 * its iterations runs a batch of calls in a synchronous loop compiled for this function alone (so
 * the call site stays monomorphic and the engine inlines as it would in real code), stores every
 * result where the engine must keep it, and reports the batch's per-call time minus the same loop
 * around an empty function. That removes the timer's per-call floor (tens of ns when one call is
 * one sample) without hiding work. Garbage collection is charged evenly to all calls (gc.ts).
 * Calls that change their inputs get a fresh copy each, made outside the timed loop.
 */
import { Bench } from 'tinybench';
import type { Phase } from './protocol.ts';
import type { TimedSample } from './gc.ts';
import { chargeCollections, recordPauses } from './gc.ts';
import { sameState } from './same-state.ts';
import type { LatencyStats, Measurement } from './stats.ts';
import { batchSize, median, MAX_BATCH, perCall, summarize, TARGET_SAMPLE_MS, timerResolutionMs } from './stats.ts';

export interface Call {
  fn: (...args: unknown[]) => unknown;
  self: unknown;
  args: unknown[];
}

/** A failure of the user's function, by how it surfaced. */
export class CallFailure extends Error {
  constructor(
    readonly kind: 'throw' | 'rejection',
    readonly value: unknown,
  ) {
    super(kind);
  }
}

export interface MeasureOptions {
  budgetMs: number;
  onPhase(phase: Phase): void;
  /** Calls with the same receiver need no `.call` (plain functions): the loop then calls `fn(...)` like user code. */
  receiver: boolean;
}

/** Arguments passed one by one up to this many; beyond it `apply` (rare enough not to matter). */
const MAX_SPREAD_ARITY = 8;
/** Fresh inputs are built per call outside the timed loop: at most this long per sample building them. */
const FRESH_BUILD_MS = 2;
const now = performance.now.bind(performance);
/** Results of the last call: kept reachable so the engine cannot drop the calls that made them. */
const sink: { v: unknown } = { v: undefined };
const numbers = new Float64Array(1);

type Batch = (count: number, pool?: Call[]) => number | Promise<number>;

/**
 * The batch loop's source. Shared inputs are hoisted into locals; fresh ones are read from a pool
 * of calls built before the loop. `baseline` calls `noop` instead, in the same loop shape.
 */
function loopSource(arity: number, options: { receiver: boolean; async: boolean; fresh: boolean; baseline: boolean }): string {
  const spread = arity <= MAX_SPREAD_ARITY;
  const argument = (i: number) => (options.fresh ? `a[${i}]` : `a${i}`);
  const list = Array.from({ length: arity }, (_, i) => argument(i)).join(', ');
  const callee = options.baseline ? 'noop' : options.fresh ? 'c.fn' : 'fn';
  const self = options.fresh ? 'c.self' : 'self';
  const args = options.fresh ? 'a' : 'args';
  const call = spread
    ? options.receiver ? `${callee}.call(${self}${arity ? `, ${list}` : ''})` : `${callee}(${list})`
    : `${callee}.apply(${self}, ${args})`;
  const awaited = options.async && !options.baseline ? `await ${call}` : call;
  const hoisted = !options.fresh && spread && arity > 0 ? `const ${Array.from({ length: arity }, (_, i) => `a${i} = args[${i}]`).join(', ')};` : '';
  // Numbers go to a Float64Array: stored in an object field they would be boxed, one allocation per call.
  const keep = `const r = ${awaited}; if (typeof r === 'number') numbers[0] = r; else sink.v = r;`;
  const body = options.fresh ? `{ const c = pool[i]; const a = c.args; ${keep} }` : `{ ${keep} }`;
  return `"use strict";\n${hoisted}\nreturn ${options.async && !options.baseline ? 'async ' : ''}function batch(count, pool) {\n  const t0 = now();\n  for (let i = 0; i < count; i++) ${body}\n  return now() - t0;\n};`;
}

function compile(source: string, call: Call): Batch {
  // A new function per loop: its call site's feedback belongs to this target alone.
  const factory = new Function('fn', 'self', 'args', 'noop', 'sink', 'numbers', 'now', source) as (...values: unknown[]) => Batch;
  return factory(call.fn, call.self, call.args, () => undefined, sink, numbers, now);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs the first call (cold, and telling whether the function is async). */
async function firstCall(call: Call): Promise<{ async: boolean; ms: number }> {
  const start = now();
  let value: unknown;
  try {
    value = call.fn.apply(call.self, call.args);
  } catch (error) {
    throw new CallFailure('throw', error);
  }
  const async = isThenable(value);
  if (async) {
    try {
      value = await value;
    } catch (error) {
      throw new CallFailure('rejection', error);
    }
  }
  sink.v = value;
  const ms = now() - start;
  await turn();
  return { async, ms };
}

/**
 * One turn of the event loop: a promise the call rejected without anyone awaiting it surfaces
 * only then (as `unhandledRejection`), and the worker reports it instead of timing a broken call.
 */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function measure(makeCall: () => Call, options: MeasureOptions): Promise<{ latency: LatencyStats; measurement: Measurement }> {
  const { budgetMs } = options;
  options.onPhase('inputs');
  const buildStart = now();
  const first = makeCall();
  const buildMs = now() - buildStart;
  const twin = makeCall();

  options.onPhase('calibrate');
  const cold = await firstCall(first);
  let fresh = false;
  try {
    fresh = !sameState([first.self, first.args], [twin.self, twin.args]);
  } catch {
    // An input whose state cannot be read (a throwing getter): treat it as unchanged.
  }
  const shape = { receiver: options.receiver, async: cold.async, fresh };
  const arity = twin.args.length;
  const loop = compile(loopSource(arity, { ...shape, baseline: false }), twin);
  const empty = compile(loopSource(arity, { ...shape, async: false, baseline: true }), twin);
  const cap = fresh ? Math.max(1, Math.min(MAX_BATCH, Math.floor(FRESH_BUILD_MS / Math.max(buildMs, 1e-6)))) : MAX_BATCH;
  const pool = (count: number) => (fresh ? Array.from({ length: count }, makeCall) : undefined);
  const run = async (batch: Batch, count: number, calls: Call[] | undefined): Promise<number> => {
    try {
      return await batch(count, calls);
    } catch (error) {
      throw new CallFailure(cold.async ? 'rejection' : 'throw', error);
    }
  };

  // Double the batch until one lasts a sample's length (or the calibration share of the budget is spent).
  let count = 1;
  let elapsed = cold.ms;
  const calibrationEnd = now() + budgetMs * 0.05;
  while (elapsed < TARGET_SAMPLE_MS && count < cap && now() < calibrationEnd) {
    count = Math.min(cap, elapsed > 0 ? Math.max(count * 2, Math.ceil((count * TARGET_SAMPLE_MS) / elapsed / 2)) : count * 16);
    elapsed = await run(loop, count, pool(count));
  }
  let batch = batchSize(count, elapsed, cap);
  let baselineMs = 0;
  /** Per-call times seen during warm-up. */
  const warmEstimates: number[] = [];
  const resolutionMs = timerResolutionMs(now);

  const measureBaseline = async () => {
    const calls = pool(batch);
    const samples: number[] = [];
    const end = now() + budgetMs * 0.05;
    while (samples.length < 5 || (samples.length < 50 && now() < end)) samples.push((await run(empty, batch, calls)) / batch);
    baselineMs = median(samples);
  };
  let warming = true;
  const timed: TimedSample[] = [];
  // Each sample costs the budget its wall time (building fresh inputs included), not just the timed loop.
  const sample = async () => {
    const start = now();
    const calls = pool(batch);
    const ms = await run(loop, batch, calls);
    if (!warming) {
      const end = now();
      timed.push({ start: end - ms, end, calls: batch, ms });
      return { overriddenDuration: perCall(ms, batch, baselineMs), overriddenIterationCost: end - start };
    }
    // The empty loop warms up beside the target: measured cold, it would time the interpreter.
    await run(empty, batch, calls);
    warmEstimates.push(ms / batch);
    return { overriddenDuration: ms / batch, overriddenIterationCost: now() - start };
  };

  const perBatchMs = Math.max(elapsed / count, 1e-9) * batch;
  const warmupMs = budgetMs * 0.15;
  const measureMs = budgetMs * 0.75;
  const bench = new Bench({
    time: measureMs,
    iterations: Math.max(1, Math.min(10, Math.floor(measureMs / perBatchMs))),
    warmup: perBatchMs < warmupMs,
    warmupTime: warmupMs,
    warmupIterations: 1,
    throws: true,
  });
  bench.add('target', sample, {
    async: true,
    beforeAll: async (mode?: string) => {
      options.onPhase(mode === 'warmup' ? 'warmup' : 'measure');
      if (mode !== 'run') return;
      // Re-size the batch from the warm per-call time (the cold estimate over-counts), then time the empty loop.
      if (warmEstimates.length > 0) batch = batchSize(1, median(warmEstimates), cap);
      warming = false;
      await measureBaseline();
    },
  });
  const collections = recordPauses();
  await bench.run();
  const pauses = await collections.stop();
  const result = bench.tasks[0]?.result;
  if (!result || !('latency' in result) || timed.length === 0) throw new Error(`the measurement did not complete (${result?.state ?? 'no task'})`);
  // tinybench drove warm-up, sampling and the budget; the statistics come from the samples with GC charged evenly.
  const charged = chargeCollections(timed, pauses, baselineMs);
  return {
    latency: summarize(charged.perCall),
    measurement: { batch, baselineMs, timerResolutionMs: resolutionMs, freshInputs: fresh, gcMsPerCall: charged.gcMsPerCall },
  };
}

/**
 * The benchmark runner's data: what the server finds (targets and their input plans), what the
 * extension asks for (a request), what it gets back (a result or a located failure), and the
 * messages between the host and its worker. Everything is plain data that survives JSON and
 * structured clone, so it crosses LSP, workspace state and `postMessage` unchanged. No imports:
 * the extension loads this with the runner host, the server with the target finder.
 */

/** A value the worker can generate from a parameter's type, at the request's size `n`. */
export type TypeDescriptor =
  /** `top`: a parameter's own number gets `n` (it is usually a size or a bound); others random in [0, n). */
  | { kind: 'number'; top?: boolean }
  | { kind: 'bigint' }
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'literal'; value: string | number | boolean | null | undefined }
  /** One option per generated value, chosen by the seeded generator. */
  | { kind: 'union'; options: TypeDescriptor[] }
  | { kind: 'array'; element: TypeDescriptor }
  | { kind: 'typed-array'; name: TypedArrayName }
  | { kind: 'tuple'; elements: TypeDescriptor[] }
  | { kind: 'object'; properties: { name: string; type: TypeDescriptor; optional: boolean }[] }
  /** An index signature (`Record<string, V>`, `{ [id: number]: V }`): `n` distinct keys. */
  | { kind: 'record'; key: 'string' | 'number'; value: TypeDescriptor }
  | { kind: 'set'; element: TypeDescriptor }
  | { kind: 'map'; key: TypeDescriptor; value: TypeDescriptor };

export type TypedArrayName =
  | 'Int8Array' | 'Uint8Array' | 'Uint8ClampedArray' | 'Int16Array' | 'Uint16Array'
  | 'Int32Array' | 'Uint32Array' | 'Float32Array' | 'Float64Array';

/** How the arguments of a call are made. */
export type InputPlan =
  | { kind: 'none' }
  /**
   * A `@bench [args…]` JSDoc tag: an expression evaluating to the argument array, run in the
   * module's scope. `helpers`: the runner helpers it names that the module does not shadow.
   */
  | { kind: 'tag'; expression: string; helpers: HelperName[] }
  /** Required parameters generated from their types; optional ones are left out (their defaults run). */
  | { kind: 'generated'; params: { name: string; type: TypeDescriptor }[] }
  /** What cannot be generated, in words: "parameter `cb`: a function type (…)". */
  | { kind: 'unsupported'; reason: string };

/** Names a `@bench` expression may use without importing them; see `helpers` in inputs.ts. */
export const HELPER_NAMES = ['n', 'random', 'range', 'randomInts', 'randomFloats', 'randomString', 'randomStrings', 'shuffled'] as const;
export type HelperName = (typeof HELPER_NAMES)[number];

/** `Symbol.for` keys on globalThis through which the bundle hands the worker its hooks and module namespace. */
export const HOOKS_KEY = 'perf-hints.bench';
export const NAMESPACE_KEY = 'perf-hints.module';

export type TargetKind = 'function' | 'const' | 'static-method' | 'method' | 'selection';

/** Offsets into the file's text, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A benchmarkable function of a module, as the server finds it and the runner runs it. */
export interface BenchTarget {
  /** `sortNumbers`, `Parser.create` (static), `Parser#parse` (instance), `default`. */
  name: string;
  kind: TargetKind;
  /** Unique in the file and stable across edits that keep the name: keys the results store. */
  key: string;
  /** Hash of the function's text with its JSDoc: a result whose hash differs is stale. */
  hash: string;
  /** The name (a position anywhere on it picks this target); the whole function, JSDoc excluded. */
  nameSpan: Span;
  span: Span;
  /** 0-based line that ends the signature (where the body opens): the inline timing goes after it. */
  annotateLine: number;
  /** How the worker reaches the function once the module has loaded. */
  access: TargetAccess;
  input: InputPlan;
  async: boolean;
  /** A generator function: each call is drained (for…of / for await…of), which is its work. */
  generator: boolean;
}

export type TargetAccess =
  /** A top-level binding (exported or not), or the module's default export when `binding` is null. */
  | { kind: 'binding'; binding: string | null }
  /** `binding.member`, called on the class itself. */
  | { kind: 'static'; binding: string | null; member: string }
  /** `instance.member`; the instance is `new binding()` or the class's `@bench` setup expression. */
  | { kind: 'instance'; binding: string | null; member: string; setup: string | null; setupHelpers: HelperName[] }
  /** Selected statements or an expression, run as the body of a function in the module's scope. */
  | { kind: 'selection'; code: string; expression: boolean; async: boolean };

/** What `runBenchmark` needs: the file, its unsaved text if any, and a target found in that text. */
export interface BenchRequest {
  /** Absolute path of the module. */
  file: string;
  /** The editor's text of `file` when it differs from disk; imports are read from `overlays` or disk. */
  text?: string;
  /** Unsaved text of other files the module imports, by absolute path. */
  overlays?: Record<string, string>;
  target: BenchTarget;
  /** Size of generated inputs and `n` in `@bench` tags. Default 1000. */
  n?: number;
  /** Seed of the input generator. Default 1. */
  seed?: number;
  /** Total time for warm-up and measurement, in ms. Default 1000. */
  budgetMs?: number;
  /** Hard limit from start to result, in ms; the worker is terminated past it. Default 10 000. */
  timeLimitMs?: number;
  /** Heap cap of the worker (V8 old generation), in MB; also bounds the growth of the process. Default 1024. */
  memoryMb?: number;
  /** Paths in messages are shown relative to this folder (the workspace folder). */
  root?: string;
}

/** The result shape, plus how it was measured. Times are per call, in nanoseconds. */
export interface BenchResult {
  name: string;
  n: number;
  meanNs: number;
  p50Ns: number;
  p75Ns: number;
  p99Ns: number;
  minNs: number;
  maxNs: number;
  sdNs: number;
  /** Relative margin of error of the mean, in percent (95 % confidence). */
  rme: number;
  samples: number;
  opsPerSec: number;
  /** Calls timed together per sample (1 for calls long enough to time alone). */
  batch: number;
  /** Per-call cost of the empty loop that was subtracted from every sample. */
  baselineNs: number;
  /**
   * Garbage collection per call, included in the times: pauses inside samples spread over all
   * calls (gc.ts). Always set by the runner; optional so results stored before it still read.
   */
  gcNs?: number;
  /** The median is within a few times what the timer and the loop can resolve: read it as "about this or less". */
  nearTimerResolution: boolean;
  /** Each call got fresh arguments (the function changes its inputs or its object). */
  freshInputs: boolean;
  /** Hash of the target when it was measured (`BenchTarget.hash`): compare to mark the result stale. */
  hash: string;
}

/** 1-based line and column in a source file. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export type FailureKind =
  | 'build' | 'load' | 'throw' | 'rejection' | 'exit' | 'timeout' | 'memory' | 'cancelled' | 'unsupported' | 'crash';

/** What the worker is doing, for progress and for saying where a failure happened. */
export type Phase = 'bundle' | 'load' | 'inputs' | 'calibrate' | 'warmup' | 'measure';

/** The worker's start data. */
export interface WorkerData {
  code: string;
  /** Virtual file name of the bundle in stack traces. */
  bundleFile: string;
  /** The module's path: `require` of externals and `__filename` resolve from it. */
  file: string;
  target: BenchTarget;
  n: number;
  seed: number;
  budgetMs: number;
}

/** A failure inside the worker, stack still in bundle coordinates (the host maps it). */
export interface WireFailure {
  kind: FailureKind;
  phase: Phase;
  /** `Error: message` or the thrown value's string form. */
  message: string;
  stack?: string;
  /** `process.exit` code. */
  code?: number;
  /** Raised outside the benchmarked call: an unhandled rejection, a throw in a callback. */
  unhandled?: boolean;
}

/** Worker → host. (Host → worker needs nothing: cancelling terminates the worker.) */
export type FromWorker =
  | { kind: 'phase'; phase: Phase }
  | { kind: 'result'; result: BenchResult }
  | { kind: 'failure'; failure: WireFailure };

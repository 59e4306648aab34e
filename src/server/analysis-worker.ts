/**
 * The analysis worker: language services, typed analysis, fixes and fix-all run here, off the LSP
 * thread, so building a large program (seconds) never delays the editor's requests. Requests run one
 * at a time in arrival order; notifications (document texts, cancellations) received meanwhile are
 * applied before the next request starts, so a request for a superseded version is answered
 * `cancelled` without work. Errors are answered as messages, never thrown across.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { PerfHintsConfig } from '../core/config.ts';
import type ts from 'typescript';
import { parse } from '../core/engine.ts';
import { fixAllSafe } from '../core/fix-all.ts';
import type { Finding } from '../core/types.ts';
import { selectionTarget } from '../runner/selection.ts';
import { benchTagEdit, findBenchTargets } from '../runner/targets.ts';
import { Analyzer, toWire, touches } from './analysis.ts';
import type { OpenDocument } from './projects.ts';
import { ProjectService } from './projects.ts';
import type { FromWorker, Params, RequestKind, Result, ToWorker, WorkerRequest } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs as a worker thread of the language server');

const post = (message: FromWorker) => port.postMessage(message);
const stackOf = (error: unknown) => (error as Error)?.stack ?? String(error);

const open = new Map<string, OpenDocument>();
const projects = new ProjectService({
  openDocument: (fileName) => open.get(fileName),
  log: (message) => post({ kind: 'log', level: 'info', message }),
});
const analyzer = new Analyzer(projects, (rule, error, fileName) => post({
  kind: 'log', level: 'error', message: `Rule ${rule.id} threw on ${fileName}; the other rules' findings are still reported.\n${stackOf(error)}`,
}));

/**
 * The last analysis of each open document, so a code action asks the same findings for their
 * deferred fixes. Valid only while no text changed anywhere (`epoch`): incremental parsing of a newer
 * text reuses the old tree and shifts its nodes, so fixes built from it afterwards would be wrong.
 */
let epoch = 0;
const lastAnalysis = new Map<string, {
  version: number; config: string; settings: PerfHintsConfig; epoch: number; findings: Finding[]; typed: boolean;
}>();

function analyzeOpen(fileName: string, version: number, config: PerfHintsConfig): { findings: Finding[]; typed: boolean } {
  const key = JSON.stringify(config);
  const cached = lastAnalysis.get(fileName);
  if (cached && cached.version === version && cached.config === key && cached.epoch === epoch) return cached;
  const { findings, typed } = analyzer.full(fileName, open.get(fileName)!.text, config);
  lastAnalysis.set(fileName, { version, config: key, settings: config, epoch, findings, typed });
  return { findings, typed };
}

const handlers: { [K in RequestKind]: (params: Params<K>) => Result<K> } = {
  analyze({ fileName, version, text, config, extraRoots }) {
    if (version !== null) {
      const { findings, typed } = analyzeOpen(fileName, version, config);
      return { findings: findings.map(toWire), typed };
    }
    const { findings, typed } = analyzer.full(fileName, text ?? '', config, extraRoots);
    return { findings: findings.map(toWire), typed };
  },
  fixes({ fileName, version, config, start, end }) {
    return analyzeOpen(fileName, version, config).findings
      .filter((finding) => touches(finding, start, end))
      .map((finding) => ({ ...toWire(finding), fixes: finding.fixes }));
  },
  fixAll({ fileName, version, config }) {
    const text = open.get(fileName)!.text;
    const first = analyzeOpen(fileName, version, config).findings;
    const result = fixAllSafe(fileName, text, (candidate) => candidate === text
      ? first
      : projects.withOverlay(fileName, candidate, () => analyzer.full(fileName, candidate, config).findings));
    // The overlays re-parsed the document incrementally from the cached tree.
    epoch++;
    return result.applied === 0 ? null : result;
  },
  projects({ fileNames }) {
    return fileNames.map((fileName) => projects.projectKeyOf(fileName));
  },
  benchmarkTargets({ fileName }) {
    const { sourceFile, checker } = benchmarkView(fileName);
    return findBenchTargets(sourceFile, checker).map((target) => {
      const benchTag = target.input.kind === 'unsupported' ? benchTagEdit(sourceFile, target, checker) : undefined;
      return benchTag ? { ...target, benchTag } : target;
    });
  },
  benchmarkSelection({ fileName, start, end }) {
    const { sourceFile, checker } = benchmarkView(fileName);
    return selectionTarget(sourceFile, start, end, checker);
  },
};

/** The open document with its project's checker, or parsed alone when no project takes it. */
function benchmarkView(fileName: string): { sourceFile: ts.SourceFile; checker?: ts.TypeChecker } {
  const typed = projects.typedFile(fileName);
  if (typed) return typed;
  return { sourceFile: parse(fileName, open.get(fileName)!.text) };
}

function fileOf(request: WorkerRequest): string | undefined {
  return 'fileName' in request.params ? request.params.fileName : undefined;
}

/** A request about an open document whose text has moved on since it was sent. */
function superseded(request: WorkerRequest): boolean {
  if (!('version' in request.params) || request.params.version === null) return false;
  return open.get(request.params.fileName)?.version !== request.params.version;
}

function warm(): string[] {
  return [...open.keys()].filter((fileName) => !projects.isCold(fileName));
}

function run(request: WorkerRequest): void {
  if (superseded(request)) {
    post({ kind: 'reply', id: request.id, status: 'cancelled' });
    return;
  }
  const fileName = fileOf(request);
  const cold = fileName !== undefined && projects.isCold(fileName);
  if (cold) post({ kind: 'state', building: true, warm: warm() });
  const started = performance.now();
  let reply: FromWorker;
  try {
    const result = (handlers[request.request] as (params: Params<RequestKind>) => unknown)(request.params);
    reply = { kind: 'reply', id: request.id, status: 'ok', result };
  } catch (error) {
    reply = { kind: 'reply', id: request.id, status: 'error', error: stackOf(error) };
  }
  if (cold) post({ kind: 'log', level: 'info', message: `Program of ${projects.projectKeyOf(fileName)} ready for ${fileName} in ${Math.round(performance.now() - started)} ms.` });
  // State first: when the reply lands, the main thread already knows the project is warm.
  post({ kind: 'state', building: false, warm: warm() });
  post(reply);
}

const queue: WorkerRequest[] = [];
let scheduled = false;

/**
 * Texts arrive on every keystroke, the analysis request only after a pause in typing (the LSP thread's
 * debounce), and the worker would sit idle in between. Instead it analyzes the newest text of a warm
 * document at once, with the settings of the document's last request, into `lastAnalysis`: the request
 * after the pause is answered from there unless the text or the settings moved on since. The same work on
 * the same text, so the same findings, ready when the user stops typing; the price is the analyses of texts
 * a newer keystroke replaces before the pause. A document never analyzed only gets its program updated. A
 * cold project is left alone (building one takes seconds the user may not need), and so is any moment a
 * request is waiting.
 */
const changed = new Set<string>();
let preparing = false;

function prepareSoon(fileName: string): void {
  changed.add(fileName);
  if (preparing) return;
  preparing = true;
  setImmediate(() => {
    preparing = false;
    const files = [...changed];
    changed.clear();
    if (queue.length > 0) return;
    for (const file of files) {
      const document = open.get(file);
      if (!document || projects.isCold(file)) continue;
      const settings = lastAnalysis.get(file)?.settings;
      try {
        if (settings) analyzeOpen(file, document.version, settings);
        else projects.typedFile(file);
      } catch {
        // The request runs the same analysis and reports what went wrong.
      }
    }
  });
}

/** One request per turn of the event loop: messages that arrived during it are handled before the next. */
function schedule(): void {
  if (scheduled || queue.length === 0) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    const next = queue.shift();
    if (next) run(next);
    schedule();
  });
}

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'request':
      queue.push(message);
      schedule();
      return;
    case 'sync':
      open.set(message.fileName, { version: message.version, text: message.text });
      projects.documentChanged();
      epoch++;
      prepareSoon(message.fileName);
      return;
    case 'close':
      open.delete(message.fileName);
      lastAnalysis.delete(message.fileName);
      projects.closeFile(message.fileName);
      epoch++;
      return;
    case 'disk':
      projects.fileChangedOnDisk(message.fileName, message.change);
      epoch++;
      return;
    case 'release':
      projects.releaseRoots(message.fileNames);
      return;
    case 'cancel': {
      const index = queue.findIndex((request) => request.id === message.id);
      if (index !== -1) {
        queue.splice(index, 1);
        post({ kind: 'reply', id: message.id, status: 'cancelled' });
      }
      return;
    }
    case 'crash':
      if (process.env.PERF_HINTS_TEST_HOOKS !== '1') return;
      if (message.how === 'throw') {
        setImmediate(() => {
          throw new Error('analysis worker crash requested by a test');
        });
      } else {
        const hog: number[][] = [];
        for (;;) hog.push(new Array<number>(1 << 20).fill(hog.length));
      }
  }
});

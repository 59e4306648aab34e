import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import type { CodeAction, Connection, InitializeResult, WorkDoneProgressReporter } from 'vscode-languageserver';
import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType,
  TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAnalyzable } from '../core/engine.ts';
import { RULES } from '../core/rules/index.ts';
import type { Fix } from '../core/types.ts';
import type { RuleErrorHandler } from './analysis.ts';
import { quickAnalysis, toWire, touches } from './analysis.ts';
import { fixAllAction, ignoreLineEdit, quickFixes, wants } from './code-actions.ts';
import { toDiagnostic, workspaceEdit } from './convert.ts';
import type { ClientSettings, Effective } from './settings.ts';
import { ConfigResolver, DEFAULT_SETTINGS, parseClientSettings } from './settings.ts';
import { normalizeFileName } from './projects.ts';
import type {
  AnalyzeWorkspaceParams, BenchmarkSelectionParams, BenchmarkSelectionResult, BenchmarkTargetsParams, BenchmarkTargetsResult, FixAllArgs, IgnoreLineArgs,
} from './protocol.ts';
import {
  ANALYZE_WORKSPACE_REQUEST, BENCHMARK_SELECTION_REQUEST, BENCHMARK_TARGETS_REQUEST, FIX_ALL_COMMAND, FIX_ALL_KIND, IGNORE_LINE_COMMAND,
} from './protocol.ts';
import { AnalysisWorker, WorkerStopped } from './worker-client.ts';
import type { WireFinding } from './worker-protocol.ts';
import { analyzeWorkspace, listWorkspaceFiles } from './workspace.ts';

/** Typing pauses shorter than this do not trigger analysis; each keystroke restarts the wait. */
export const CHANGE_DEBOUNCE_MS = 150;

const WATCHED = ['**/{tsconfig*.json,jsconfig.json,package.json,perf-hints.json}', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

/** Test-only request that makes the analysis worker crash; registered only with PERF_HINTS_TEST_HOOKS=1. */
export const CRASH_WORKER_TEST_REQUEST = 'perfHints/test/crashWorker';

type Fixable = WireFinding & { fixes: readonly Fix[] };

/**
 * The LSP thread holds the connection, the documents and the settings, and answers at once; typed
 * analysis runs in the analysis worker (worker-client.ts). While a document's project is cold the
 * thread publishes what syntax alone says, then the typed result when the worker replies.
 */

export function startServer(connection: Connection, serverVersion: string): void {
  const documents = new TextDocuments(TextDocument);
  const log = connection.console;
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    log.warn(message);
  };
  const onRuleError: RuleErrorHandler = (rule, error, fileName) => {
    log.error(`Rule ${rule.id} threw on ${fileName}; the other rules' findings are still reported.\n${(error as Error)?.stack ?? String(error)}`);
  };
  const worker = new AnalysisWorker({
    log: (level, message) => log[level](message),
    maxMemoryMb: Number(process.env.PERF_HINTS_WORKER_MAX_MEMORY_MB) || undefined,
    onRestart: () => reanalyzeOpen(),
  });
  const resolver = new ConfigResolver(warnOnce);

  /** Open documents are keyed by the client's URI; files are keyed by normalized path. */
  const uriByFile = new Map<string, string>();
  const uriOf = (fileName: string) => uriByFile.get(fileName) ?? pathToFileURL(fileName).href;
  const fileOf = (uri: string) => (uri.startsWith('file:') ? normalizeFileName(fileURLToPath(uri)) : undefined);

  let folders: string[] = [];
  let pullConfiguration = false;
  let versionedEdits = false;
  let serverProgress = false;
  let pushedSettings: ClientSettings = DEFAULT_SETTINGS;
  const settingsCache = new Map<string, Promise<ClientSettings>>();
  const results = new Map<string, { version: number; findings: WireFinding[] }>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** Closed files whose diagnostics came from a workspace analysis: on close they are re-read from disk. */
  const fromWorkspace = new Set<string>();

  const settingsFor = (uri: string): Promise<ClientSettings> => {
    if (!pullConfiguration) return Promise.resolve(pushedSettings);
    let pending = settingsCache.get(uri);
    if (!pending) {
      pending = connection.workspace.getConfiguration({ scopeUri: uri, section: 'perfHints' })
        .then((raw) => (raw == null ? pushedSettings : parseClientSettings(raw, warnOnce)), () => pushedSettings);
      settingsCache.set(uri, pending);
    }
    return pending;
  };

  const effectiveFor = async (uri: string, fileName: string): Promise<Effective> => {
    const settings = await settingsFor(uri);
    const folder = folders.filter((f) => fileName.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
    return resolver.resolve(fileName, settings, folder);
  };

  const publish = (uri: string, version: number | null, positions: Pick<TextDocument, 'positionAt' | 'uri'>, findings: readonly WireFinding[]) => {
    void connection.sendDiagnostics({ uri, version: version ?? undefined, diagnostics: findings.map((f) => toDiagnostic(positions, version, f)) });
  };

  const syntaxOnly = (fileName: string, text: string, effective: Effective & { enabled: true }) =>
    quickAnalysis(fileName, text, effective.config, onRuleError).map(toWire);

  /**
   * Analyzes an open document if it still has the version it had when asked. A warm project answers
   * within the keystroke budget, so only a cold one (or a stopped worker) gets a syntax pass first:
   * on a warm one it would be double work, and publishing it would blink the typed findings away.
   */
  const analyzeOpen = async (uri: string): Promise<WireFinding[] | undefined> => {
    const doc = documents.get(uri);
    const fileName = fileOf(uri);
    if (!doc || !fileName || !isAnalyzable(fileName)) return undefined;
    const version = doc.version;
    const effective = await effectiveFor(uri, fileName);
    const stale = () => documents.get(uri)?.version !== version;
    if (stale()) return undefined;
    if (!effective.enabled) {
      results.set(uri, { version, findings: [] });
      publish(uri, version, doc, []);
      return [];
    }
    let quick: WireFinding[] | undefined;
    if (!worker.isWarm(fileName)) {
      quick = syntaxOnly(fileName, doc.getText(), effective);
      publish(uri, version, doc, quick);
    }
    let findings: WireFinding[];
    try {
      const analysis = await worker.request('analyze', { fileName, version, config: effective.config }, `analyze:${fileName}`);
      if (!analysis) return undefined;
      findings = analysis.findings;
    } catch (error) {
      if (!(error instanceof WorkerStopped)) log.error(`Analysis of ${uri} failed:\n${(error as Error)?.stack ?? String(error)}`);
      if (stale()) return undefined;
      findings = quick ?? syntaxOnly(fileName, doc.getText(), effective);
    }
    if (stale()) return undefined;
    results.set(uri, { version, findings });
    publish(uri, version, doc, findings);
    return findings;
  };

  const schedule = (uri: string, delay: number) => {
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      analyzeOpen(uri).catch((error: unknown) => log.error(`Analysis of ${uri} failed:\n${(error as Error)?.stack ?? String(error)}`));
    }, delay));
  };

  /** Findings for the document's current version, analyzing now if the debounced run has not happened yet. */
  const currentFindings = async (doc: TextDocument): Promise<WireFinding[]> => {
    const cached = results.get(doc.uri);
    if (cached?.version === doc.version) return cached.findings;
    clearTimeout(timers.get(doc.uri));
    timers.delete(doc.uri);
    return (await analyzeOpen(doc.uri)) ?? [];
  };

  /**
   * Findings touching `[start, end]` with their fixes. The worker computes them for this version when
   * it can answer now; while it builds a program (or is down) the answer comes from syntax alone, plus
   * the findings already published for this version, which then offer only "ignore on this line".
   */
  const fixableFindings = async (doc: TextDocument, fileName: string, start: number, end: number): Promise<Fixable[]> => {
    const effective = await effectiveFor(doc.uri, fileName);
    if (!effective.enabled) return [];
    if (worker.isWarm(fileName) && !worker.building) {
      try {
        return (await worker.request('fixes', { fileName, version: doc.version, config: effective.config, start, end })) ?? [];
      } catch (error) {
        if (!(error instanceof WorkerStopped)) log.error(`Code actions for ${doc.uri} failed:\n${(error as Error)?.stack ?? String(error)}`);
      }
    }
    const quick = quickAnalysis(fileName, doc.getText(), effective.config, onRuleError).filter((f) => touches(f, start, end));
    const cached = results.get(doc.uri);
    const known = cached?.version === doc.version ? cached.findings.filter((f) => touches(f, start, end)) : [];
    const keyOf = (f: WireFinding) => `${f.ruleId}:${f.start}:${f.end}`;
    const quickKeys = new Set(quick.map(keyOf));
    const rest = known.filter((f) => !quickKeys.has(keyOf(f))).map((f) => ({ ...f, fixes: [] }));
    return [...quick, ...rest].sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  };

  const reanalyzeOpen = () => {
    for (const doc of documents.all()) schedule(doc.uri, 0);
  };

  const fixAllEdit = async (doc: TextDocument) => {
    const fileName = fileOf(doc.uri);
    if (!fileName) return undefined;
    const effective = await effectiveFor(doc.uri, fileName);
    if (!effective.enabled) return undefined;
    const { version } = doc;
    let result: { text: string; applied: number } | null | undefined;
    try {
      // Fix-all needs every rule's verdict with types: it waits for the worker, even on a cold project.
      result = await worker.request('fixAll', { fileName, version, config: effective.config });
    } catch (error) {
      if (!(error instanceof WorkerStopped)) log.error(`Fix-all of ${doc.uri} failed:\n${(error as Error)?.stack ?? String(error)}`);
      return undefined;
    }
    if (!result || documents.get(doc.uri)?.version !== version) return undefined;
    const text = doc.getText();
    // One edit spanning every change keeps the client's undo a single step.
    let start = 0;
    while (start < text.length && text[start] === result.text[start]) start++;
    let end = text.length;
    let newEnd = result.text.length;
    while (end > start && newEnd > start && text[end - 1] === result.text[newEnd - 1]) {
      end--;
      newEnd--;
    }
    return { edit: { start, end, newText: result.text.slice(start, newEnd) }, applied: result.applied };
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    versionedEdits = caps.workspace?.workspaceEdit?.documentChanges === true;
    serverProgress = caps.window?.workDoneProgress === true;
    pushedSettings = parseClientSettings(params.initializationOptions, warnOnce);
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map(fileOf).filter((f): f is string => f !== undefined);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [IGNORE_LINE_COMMAND, FIX_ALL_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'perf-hints', version: serverVersion },
    };
  });

  connection.onInitialized(() => {
    log.info(`Perf Hints ${serverVersion} (TypeScript ${ts.version}, Node ${process.version}): ${RULES.length} rules; workspace ${folders.join(', ') || '(none)'}.`);
    if (pullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) })
      .catch(() => log.info('The client cannot watch files: changes on disk are seen when documents are reopened.'));
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => fileOf(f.uri)));
      folders = [...folders.filter((f) => !removed.has(f)), ...event.added.map((f) => fileOf(f.uri)).filter((f): f is string => f !== undefined)];
    });
  });

  connection.onDidChangeConfiguration((params) => {
    settingsCache.clear();
    if (!pullConfiguration && params.settings) pushedSettings = parseClientSettings(params.settings, warnOnce);
    reanalyzeOpen();
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const fileName = fileOf(change.uri);
      if (!fileName) continue;
      if (/(^|\/)(perf-hints|package)\.json$/.test(fileName)) resolver.reset();
      const kind = change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed';
      worker.diskChanged(fileName, kind);
    }
    for (const doc of documents.all()) schedule(doc.uri, CHANGE_DEBOUNCE_MS);
  });

  documents.onDidOpen((event) => {
    const fileName = fileOf(event.document.uri);
    if (fileName) uriByFile.set(fileName, event.document.uri);
  });

  documents.onDidChangeContent((event) => {
    // The worker's mirror follows every version at once; only the analysis waits for a pause in typing.
    const fileName = fileOf(event.document.uri);
    if (fileName) worker.sync(fileName, event.document.version, event.document.getText());
    schedule(event.document.uri, results.has(event.document.uri) || timers.has(event.document.uri) ? CHANGE_DEBOUNCE_MS : 0);
  });

  documents.onDidClose((event) => {
    const { uri } = event.document;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    results.delete(uri);
    settingsCache.delete(uri);
    const fileName = fileOf(uri);
    if (fileName) {
      uriByFile.delete(fileName);
      worker.close(fileName);
    }
    if (fileName && fromWorkspace.has(uri)) void analyzeDiskFile(fileName, []);
    else void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const fileName = doc && fileOf(doc.uri);
    if (!doc || !fileName || !isAnalyzable(fileName)) return [];
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wants(only, CodeActionKind.QuickFix)) {
      // The document object is updated in place: remember which version the offsets belong to.
      const { version } = doc;
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      const findings = await fixableFindings(doc, fileName, start, end);
      if (documents.get(doc.uri)?.version !== version) return [];
      actions.push(...quickFixes(doc, findings, start, end, versionedEdits));
    }
    // Fix-all re-analyzes repeatedly: only when asked for by kind (on save, or the source action menu).
    if (only && wants(only, FIX_ALL_KIND)) {
      const all = await fixAllEdit(doc);
      if (all && documents.get(doc.uri)?.version === doc.version) actions.push(fixAllAction(doc, all.edit, all.applied, versionedEdits));
    }
    return actions;
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === IGNORE_LINE_COMMAND) {
      const args = params.arguments?.[0] as IgnoreLineArgs | undefined;
      const doc = args && documents.get(args.uri);
      const fileName = doc && fileOf(doc.uri);
      if (!args || !doc || !fileName) return false;
      if (doc.version !== args.version) {
        void connection.window.showWarningMessage('Perf Hints: the document changed since the action was offered; try again.');
        return false;
      }
      const edit = ignoreLineEdit(fileName, doc.getText(), args.line, args.ruleId, args.reason);
      return (await connection.workspace.applyEdit({ label: `Ignore ${args.ruleId}`, edit: workspaceEdit(doc, [edit], versionedEdits) })).applied;
    }
    if (params.command === FIX_ALL_COMMAND) {
      const args = params.arguments?.[0] as FixAllArgs | undefined;
      const doc = args && documents.get(args.uri);
      if (!doc) return false;
      const all = await fixAllEdit(doc);
      if (!all) return true;
      return (await connection.workspace.applyEdit({ label: 'Fix all safe Perf Hints findings', edit: workspaceEdit(doc, [all.edit], versionedEdits) })).applied;
    }
    return undefined;
  });

  /** A file not open in the editor: analyzed from disk, diagnostics published unversioned. */
  const analyzeDiskFile = async (fileName: string, batch: readonly string[]): Promise<WireFinding[] | undefined> => {
    const uri = uriOf(fileName);
    const open = documents.get(uri);
    if (open) return currentFindings(open);
    const effective = await effectiveFor(uri, fileName);
    const text = ts.sys.readFile(fileName);
    if (!effective.enabled || text === undefined) return undefined;
    let findings: WireFinding[];
    try {
      findings = (await worker.request('analyze', { fileName, version: null, text, config: effective.config, extraRoots: [...batch] }))?.findings ?? [];
    } catch (error) {
      if (!(error instanceof WorkerStopped)) log.error(`Analysis of ${fileName} failed:\n${(error as Error)?.stack ?? String(error)}`);
      findings = syntaxOnly(fileName, text, effective);
    }
    publish(uri, null, TextDocument.create(uri, 'typescript', 0, text), findings);
    if (findings.length > 0) fromWorkspace.add(uri);
    else fromWorkspace.delete(uri);
    return findings;
  };

  connection.onRequest(ANALYZE_WORKSPACE_REQUEST, async (params: AnalyzeWorkspaceParams | undefined, token) => {
    const progress: WorkDoneProgressReporter & { token?: { isCancellationRequested: boolean } } =
      params?.workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(params.workDoneToken)
        : serverProgress ? await connection.window.createWorkDoneProgress()
          : connection.window.attachWorkDoneProgress(undefined);
    progress.begin('Perf Hints', 0, 'Listing files…', true);
    try {
      const files = folders.flatMap((folder) => listWorkspaceFiles(folder)).map(normalizeFileName);
      // One program per project and batch: the worker knows which project holds each file.
      const keys = await worker.request('projects', { fileNames: files }).catch(() => undefined);
      const projectOf = new Map(files.map((fileName, i) => [fileName, keys?.[i] ?? '']));
      const result = await analyzeWorkspace(files, {
        projectOf: (fileName) => projectOf.get(fileName) ?? '',
        analyze: analyzeDiskFile,
        release: (batch) => worker.release([...batch]),
        isCancelled: () => token.isCancellationRequested || progress.token?.isCancellationRequested === true,
        report: (done, total, fileName) => progress.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} ${fileName.split('/').pop()}`),
      });
      log.info(`Workspace analysis: ${result.files} files, ${result.findings} findings in ${result.durationMs} ms${result.cancelled ? ' (cancelled)' : ''}.`);
      return result;
    } finally {
      progress.done();
    }
  });

  /** An open document's name and version, for requests the worker answers about that version. */
  const openVersion = (uri: string) => {
    const doc = documents.get(uri);
    const fileName = doc && fileOf(doc.uri);
    return doc && fileName && isAnalyzable(fileName) ? { fileName, version: doc.version } : undefined;
  };

  connection.onRequest(BENCHMARK_TARGETS_REQUEST, async ({ uri }: BenchmarkTargetsParams): Promise<BenchmarkTargetsResult | null> => {
    const document = openVersion(uri);
    if (!document) return null;
    const targets = await worker.request('benchmarkTargets', document).catch(() => undefined);
    return targets ? { version: document.version, targets } : null;
  });

  connection.onRequest(BENCHMARK_SELECTION_REQUEST, async ({ uri, start, end }: BenchmarkSelectionParams): Promise<BenchmarkSelectionResult> => {
    const document = openVersion(uri);
    if (!document) return { version: -1, ok: false, reason: 'the file is not open in the editor' };
    const selection = await worker.request('benchmarkSelection', { ...document, start, end }).catch(() => undefined);
    return { version: document.version, ...(selection ?? { ok: false, reason: 'the file changed while the selection was read; try again' }) };
  });

  if (process.env.PERF_HINTS_TEST_HOOKS === '1') {
    connection.onRequest(CRASH_WORKER_TEST_REQUEST, (params: { how: 'throw' | 'oom' }) => {
      worker.crash(params.how);
      return null;
    });
  }

  connection.onShutdown(async () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
    await worker.terminate();
  });

  documents.listen(connection);
  connection.listen();
}

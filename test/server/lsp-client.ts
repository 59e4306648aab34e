import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ClientOptions {
  rootUri: string;
  /** Answered to `workspace/configuration`; omit to test a client without pull configuration. */
  settings?: () => unknown;
  initializationOptions?: unknown;
  /** Added to the server's environment. */
  env?: Record<string, string>;
}

/** A minimal LSP client over the server's stdio: documents, diagnostics, applyEdit. */
export class TestClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  readonly docs = new Map<string, TextDocument>();
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every `window/logMessage` text, in arrival order. */
  readonly logs: string[] = [];
  /** Called for each notification as it arrives: tests record the order of events with them. */
  readonly onDiagnostics: ((params: PublishDiagnosticsParams) => void)[] = [];
  readonly onLog: ((message: string) => void)[] = [];
  private waiters: (() => void)[] = [];
  stderr = '';

  constructor(private readonly options: ClientOptions) {
    const entry = process.env.PERF_HINTS_SERVER ?? path.join(ROOT, 'src', 'server', 'main.ts');
    const args = entry.endsWith('.ts') ? ['--import', 'tsx', entry, '--stdio'] : [entry, '--stdio'];
    this.child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const listener of this.onDiagnostics) listener(params);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings?.() ?? null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.applyWorkspaceEdit(params.edit);
      return { applied: true };
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      for (const listener of this.onLog) listener(params.message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } }> {
    const capabilities: ClientCapabilities = {
      workspace: { configuration: this.options.settings !== undefined, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } } },
    };
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: this.options.rootUri,
      workspaceFolders: [{ uri: this.options.rootUri, name: 'test' }],
      capabilities,
      initializationOptions: this.options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result as Awaited<ReturnType<TestClient['initialize']>>;
  }

  open(uri: string, text: string, languageId = 'typescript'): void {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text as an incremental change of the full range. */
  change(uri: string, text: string): void {
    const doc = this.docs.get(uri)!;
    const range = { start: doc.positionAt(0), end: doc.positionAt(doc.getText().length) };
    const next = TextDocument.update(doc, [{ range, text }], doc.version + 1);
    this.docs.set(uri, next);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Applies a WorkspaceEdit to the open documents and tells the server, as an editor would. */
  applyWorkspaceEdit(edit: WorkspaceEdit): void {
    for (const change of edit.documentChanges ?? []) {
      const { textDocument, edits } = change as TextDocumentEdit;
      const doc = this.docs.get(textDocument.uri)!;
      if (textDocument.version !== null && textDocument.version !== doc.version) throw new Error(`edit for version ${textDocument.version}, document is at ${doc.version}`);
      this.change(textDocument.uri, TextDocument.applyEdits(doc, edits as never));
    }
  }

  /** Resolves with the latest diagnostics for `uri` once `accept` holds for them; never sleeps. */
  async diagnosticsFor(uri: string, accept: (diagnostics: Diagnostic[], params: PublishDiagnosticsParams) => boolean, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = this.diagnostics.get(uri);
      if (current && accept(current.diagnostics, current)) return current.diagnostics;
      if (Date.now() > deadline) throw new Error(`timed out waiting for diagnostics of ${uri}; last: ${JSON.stringify(current?.diagnostics)}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the first log message matching `pattern` (already received or to come); never sleeps. */
  async log(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find((message) => pattern.test(message));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for a log matching ${pattern}; logs:\n${this.logs.join('\n')}\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Diagnostics published for the document's current version. */
  current(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return this.diagnosticsFor(uri, (d, params) => params.version === this.docs.get(uri)?.version && accept(d));
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.on('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, Middleware, ServerOptions } from 'vscode-languageclient/node';
import type { FixAllArgs, IgnoreLineArgs } from '../server/protocol.ts';
import { FIX_ALL_COMMAND, IGNORE_LINE_COMMAND } from '../server/protocol.ts';
import { SECTION } from './config.ts';
import type { RuleDocs } from './docs.ts';

export const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'] as const;
export const DOCUMENT_SELECTOR = LANGUAGES.map((language) => ({ scheme: 'file', language }));

/**
 * Owns the language server connection: one client at a time, restartable. The server does the
 * analysis; the middleware only adds what needs the editor — a prompt for the ignore reason, the
 * active file for palette commands, and offline docs links.
 */
export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires each time a server is up: features that asked it for data ask again. */
  readonly onDidStart = this.started.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
    private readonly docs: RuleDocs,
  ) {}

  get current(): LanguageClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    // Loaded on first start rather than with the extension: evaluating the client library is most of
    // what activation would otherwise cost.
    const { LanguageClient, TransportKind } = await import('vscode-languageclient/node.js');
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: SECTION },
      outputChannel: this.output,
      middleware: this.middleware(),
    };
    this.client = new LanguageClient(SECTION, 'Perf Hints', serverOptions, clientOptions);
    await this.client.start();
    this.started.fire();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop();
  }

  dispose(): void {
    this.started.dispose();
    void this.stop();
  }

  private middleware(): Middleware {
    return {
      handleDiagnostics: (uri, diagnostics, next) => {
        for (const diagnostic of diagnostics) {
          const code = diagnostic.code;
          if (typeof code === 'object' && code !== null && 'target' in code) {
            diagnostic.code = { value: code.value, target: this.docs.uriOf(String(code.value)) };
          }
        }
        next(uri, diagnostics);
      },
      executeCommand: async (command, args, next) => {
        if (command === IGNORE_LINE_COMMAND) {
          const ignore = args[0] as IgnoreLineArgs;
          const reason = await vscode.window.showInputBox({
            title: `Ignore ${ignore.ruleId} on this line`,
            prompt: 'Why is this fine here? The reason is kept in the comment for the next reader.',
            placeHolder: 'e.g. at most 5 items',
            validateInput: (value) => (value.includes('\n') ? 'One line, please.' : undefined),
          });
          if (reason === undefined) return false;
          return next(command, [{ ...ignore, reason: reason.trim() || undefined }]);
        }
        if (command === FIX_ALL_COMMAND && args.length === 0) {
          const editor = vscode.window.activeTextEditor;
          if (!editor) return false;
          const fixAll: FixAllArgs = { uri: editor.document.uri.toString() };
          return next(command, [fixAll]);
        }
        return next(command, args);
      },
    };
  }
}

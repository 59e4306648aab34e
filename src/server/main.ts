/**
 * Perf Hints language server. Speaks LSP over `--stdio`, `--node-ipc` or `--socket=<port>`
 * (vscode-languageserver reads the flag from argv). No `vscode` import anywhere under src/server.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import packageJson from '../../package.json';
import { startServer } from './server.ts';

startServer(createConnection(ProposedFeatures.all), packageJson.version);

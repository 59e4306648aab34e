// `npm start`: a real VS Code in the browser with Perf Hints loaded on examples/, until Ctrl+C.
// Installs code-server (and its Debian packages) on the first run, then builds the extension.
//
//   npm start [-- --port 8080] [--folder examples]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workbenchUrl } from './browser.mjs';
import { EXAMPLES_SETTINGS, exitOnSignals, startCodeServer } from './code-server.mjs';
import { linkWorkingTree } from './extension.mjs';
import { ensureInstalled, ROOT } from './install.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, folder: { type: 'string', default: 'examples' } },
  strict: true,
});

exitOnSignals();
try {
  ensureInstalled();
  console.log('[start] npm run build');
  if (spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
    throw new Error('`npm run build` failed.');
  }
  // A fresh profile each start: the examples open trusted, with nothing left over from a last session.
  const runDir = path.join(ROOT, '.vscode-test', 'start');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const extensionsDir = path.join(runDir, 'extensions');
  const id = linkWorkingTree(extensionsDir);
  const folder = path.resolve(ROOT, values.folder);
  // The examples sit inside this repository: don't ask whether to open its git repository.
  const settings = { ...EXAMPLES_SETTINGS, 'git.openRepositoryInParentFolders': 'never' };
  const server = await startCodeServer({ runDir, workspace: folder, extensionsDir, port: Number(values.port), settings });
  console.log(`\nVS Code with Perf Hints (${id}, this working tree) on ${path.relative(ROOT, folder) || '.'}/:\n\n    ${workbenchUrl(server, folder)}\n`);
  console.log(`Open it in a browser on this machine. After \`npm run build\`, reload the page to load the new build.\nPress Ctrl+C to stop. (server log: ${path.relative(ROOT, server.logFile)})`);
  const code = await server.exited;
  console.error(`[start] code-server stopped by itself (exit ${code}); see ${server.logFile}`);
  process.exit(1);
} catch (error) {
  console.error(`[start] ${error.message}`);
  process.exit(1);
}

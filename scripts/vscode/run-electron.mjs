// The same integration suite in desktop VS Code through @vscode/test-electron, for machines that
// can download VS Code (it cannot here: CI uses scripts/vscode/run-tests.mjs with code-server).
//
//   node scripts/vscode/run-electron.mjs [--version stable|1.100.3] [--executable /path/to/code]
//        [--tests out/integration/index.js] [--workspace test/fixtures/workspace]
//
// Only the trusted suite: runTests always passes --disable-workspace-trust, so the restricted
// suite runs through code-server (`npm run test:vscode`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { ROOT } from './install.mjs';

const { values } = parseArgs({
  options: {
    version: { type: 'string', default: 'stable' },
    executable: { type: 'string' },
    tests: { type: 'string', default: 'out/integration/index.js' },
    workspace: { type: 'string', default: 'test/fixtures/workspace' },
  },
  strict: true,
});

const testsPath = path.resolve(ROOT, values.tests);
if (!fs.existsSync(testsPath)) {
  console.error(`[vscode-electron] No test module at ${testsPath}: run \`npm run build\` first.`);
  process.exit(1);
}
// Tests write workspace settings and edit files: they get a fresh copy.
const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-electron-'));
const workspace = path.join(runDir, 'workspace');
fs.cpSync(path.resolve(ROOT, values.workspace), workspace, { recursive: true });
try {
  await runTests({
    ...(values.executable ? { vscodeExecutablePath: path.resolve(values.executable) } : { version: values.version }),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: testsPath,
    extensionTestsEnv: { PERF_HINTS_TEST_MODE: 'trusted' },
    launchArgs: [workspace, '--disable-extensions'],
  });
  console.log('[vscode-electron] passed');
} catch (error) {
  console.error(`[vscode-electron] FAILED: ${error.message ?? error}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(runDir, { recursive: true, force: true });
}

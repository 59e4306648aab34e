// Runs an extension test module (`run(): Promise<void>`) inside a real VS Code: code-server +
// Chromium, opened with the `payload` test hooks VS Code's own browser integration tests use.
//
//   node scripts/vscode/run-tests.mjs [--tests out/integration/index.js] [--workspace test/fixtures/workspace]
//        [--restricted] [--vsix perf-hints.vsix] [--extension .] [--timeout 300] [--verbose]
//
// --extension is the development extension (the repository by default); --vsix instead installs
// a packaged extension and tests that.
// The workspace is copied to a fresh folder first: tests may write settings and edit files.
// The test module sees PERF_HINTS_TEST_MODE (`trusted` or `restricted`) in process.env, and with
// --vsix PERF_HINTS_TEST_EXTENSIONS_DIR (where the .vsix was installed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBrowser, remoteUri, workbenchUrl } from './browser.mjs';
import { exitOnSignals, makeRunDir, startCodeServer } from './code-server.mjs';
import { installVsix, makeTestHost } from './extension.mjs';
import { ensureInstalled, ROOT } from './install.mjs';

const OPTIONS = {
  tests: { type: 'string', default: 'out/integration/index.js' },
  workspace: { type: 'string', default: 'test/fixtures/workspace' },
  restricted: { type: 'boolean', default: false },
  vsix: { type: 'string' },
  extension: { type: 'string', default: '.' },
  timeout: { type: 'string', default: '300' },
  verbose: { type: 'boolean', default: false },
};

/** The extension under test: the development folder, or with a .vsix the copy code-server installed. */
function extensionUnderTest(runDir, { vsix, extension }, extensionsDir) {
  if (!vsix) return path.resolve(ROOT, extension);
  console.log(`[vscode-test] installing ${vsix}: ${installVsix(vsix, extensionsDir)}`);
  return makeTestHost(path.join(runDir, 'test-host'));
}

/** Resolves with the test module's exit code: 0 when `run()` resolved, 1 when it rejected or timed out. */
async function runInBrowser(server, { extensionPath, testsPath, workspace, timeoutMs, verbose }) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    if (verbose) page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
    let settle;
    const exit = new Promise((resolve) => (settle = resolve));
    // The workbench forwards the extension host's console here while tests run, then reports run()'s outcome.
    await page.exposeFunction('codeAutomationLog', (type, args) => (console[type] ?? console.log)(...args));
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    page.on('crash', () => settle(1));
    await page.goto(workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remoteUri(server, extensionPath)],
      ['extensionTestsPath', remoteUri(server, testsPath)],
    ]));
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(`[vscode-test] no result after ${timeoutMs / 1000}s: giving up`);
        resolve(1);
      }, timeoutMs);
    });
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close();
  }
}

export async function runTests(argv = process.argv.slice(2)) {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  const started = Date.now();
  const mode = values.restricted ? 'restricted' : 'trusted';
  const testsPath = path.resolve(ROOT, values.tests);
  if (!fs.existsSync(testsPath)) throw new Error(`No test module at ${testsPath}: run \`npm run build\` first.`);
  ensureInstalled();

  const runDir = makeRunDir();
  const workspace = path.join(runDir, 'workspace');
  fs.cpSync(path.resolve(ROOT, values.workspace), workspace, { recursive: true });
  const extensionsDir = path.join(runDir, 'extensions');
  fs.mkdirSync(extensionsDir);
  const extensionPath = extensionUnderTest(runDir, { vsix: values.vsix && path.resolve(values.vsix), extension: values.extension }, extensionsDir);
  const env = { PERF_HINTS_TEST_MODE: mode, ...(values.vsix ? { PERF_HINTS_TEST_EXTENSIONS_DIR: extensionsDir } : {}) };

  const server = await startCodeServer({ runDir, workspace, extensionsDir, restricted: values.restricted, env });
  let code = 1;
  try {
    console.log(`[vscode-test] VS Code ${mode}${values.vsix ? `, ${path.basename(values.vsix)} installed` : ''}: ${values.tests} on a copy of ${values.workspace}`);
    code = await runInBrowser(server, { extensionPath, testsPath, workspace, timeoutMs: Number(values.timeout) * 1000, verbose: values.verbose });
  } finally {
    await server.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (code === 0) {
    fs.rmSync(runDir, { recursive: true, force: true });
    console.log(`[vscode-test] passed (${mode}) in ${seconds}s`);
  } else {
    console.error(`[vscode-test] FAILED (${mode}, exit ${code}) after ${seconds}s; server log and profile kept in ${runDir}`);
  }
  return code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  exitOnSignals();
  runTests().then((code) => process.exit(code), (error) => {
    console.error(`[vscode-test] ${error.stack ?? error}`);
    process.exit(1);
  });
}

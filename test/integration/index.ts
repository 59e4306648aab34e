/**
 * Entry point given to VS Code as `extensionTestsPath`: runs the suites inside the extension host,
 * against the real `vscode` API. The launcher (code-server here, @vscode/test-electron where VS Code
 * can be downloaded) sets PERF_HINTS_TEST_MODE=restricted for the run in an untrusted workspace.
 */
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

const RESTRICTED_SUITE = 'restricted.test.js';

export async function run(): Promise<void> {
  const restricted = process.env.PERF_HINTS_TEST_MODE === 'restricted';
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  for (const name of fs.readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort()) {
    if ((name === RESTRICTED_SUITE) === restricted) mocha.addFile(path.join(__dirname, name));
  }
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}

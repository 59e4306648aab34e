// How the extension under test gets into code-server: the working tree linked in as an installed
// extension, or a packaged .vsix installed the way a user installs one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_ENTRY, ROOT } from './install.mjs';

function manifest(folder = ROOT) {
  return JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
}

/**
 * Links the repository into `extensionsDir` under the folder name VS Code gives an installed
 * extension (`publisher.name-version`): it then loads like one, on every window and reload,
 * without the "Extension Development Host" mode. Runs whatever `npm run build` last produced.
 */
export function linkWorkingTree(extensionsDir) {
  const { publisher, name, version } = manifest();
  const link = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(ROOT, link, 'dir');
  return `${publisher}.${name}`;
}

/** `entry.js --install-extension`: how a user installs a .vsix into code-server. */
export function installVsix(vsix, extensionsDir) {
  const result = spawnSync(process.execPath, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Installing ${vsix} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout.trim().split('\n').pop();
}

/**
 * Extension tests need an `extensionDevelopmentPath`. To test an installed .vsix, this is a folder
 * holding only a manifest with another id, so the installed copy stays the one that runs (a
 * development extension with the same id would replace it; verified with a probe extension).
 */
export function makeTestHost(folder) {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({
    name: 'vsix-test-host', publisher: 'perf-hints-tests', version: '0.0.0', engines: { vscode: '*' },
  }, null, 2));
  return folder;
}

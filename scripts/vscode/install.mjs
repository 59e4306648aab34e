// Installs a real VS Code for tests and `npm start`: code-server (VS Code's workbench served to a
// browser, with a Node extension host) into .vscode-test/, plus the Debian packages it needs.
// Idempotent: a marker written last means "done"; without it the folder is wiped and redone, so an
// interrupted install never leaves a half-built server behind. Recipe: shared/REAL-VSCODE.md §1.
//
//   node scripts/vscode/install.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The newest code-server whose install accepts Node 20 (4.102+ want Node 24); it ships VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = '/usr/bin/chromium';
const INSTALL_DIR = path.join(ROOT, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const PACKAGE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const VSCODE_DIR = path.join(PACKAGE_DIR, 'lib', 'vscode');
const MARKER = path.join(INSTALL_DIR, '.installed');
const LOG = path.join(ROOT, '.vscode-test', `install-code-server-${CODE_SERVER_VERSION}.log`);
export const CODE_SERVER_ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');

/** Debian packages: the browser that drives the workbench, the search binary VS Code's search uses,
 * the Kerberos headers the `kerberos` native module of code-server builds against, and a font with
 * the symbols the extension writes (the ⏱ of benchmark timings), which no other installed font has. */
const DEBIAN_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'fonts-noto-color-emoji'];
const NATIVE_MODULES = ['@parcel/watcher', '@vscode/spdlog', '@vscode/deviceid', 'kerberos', 'native-watchdog', 'node-pty'];

const started = Date.now();
function progress(message) {
  console.log(`[vscode-install ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingSystemPackages() {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!onPath('rg')) missing.push('ripgrep');
  if (!fs.existsSync('/usr/include/krb5.h') && !fs.existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  if (!fs.existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf')) missing.push('fonts-noto-color-emoji');
  return missing;
}

function ensureSystemPackages() {
  const missing = missingSystemPackages();
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 ${DEBIAN_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo sh -c '${command}'`);
  }
  progress(`installing Debian packages (${missing.join(', ')}) with apt-get`);
  run('sh', ['-c', command], '/', { DEBIAN_FRONTEND: 'noninteractive' });
}

/** Runs a command with its output in the install log; on failure shows the log's tail. */
function run(command, args, cwd, env = {}) {
  fs.appendFileSync(LOG, `\n$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const out = fs.openSync(LOG, 'a');
  try {
    const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    if (result.status !== 0) {
      const tail = fs.readFileSync(LOG, 'utf8').split('\n').slice(-40).join('\n');
      throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd} (exit ${result.status ?? result.signal}).\n${tail}\nFull log: ${LOG}`);
    }
  } finally {
    fs.closeSync(out);
  }
}

function link(target, linkPath) {
  fs.mkdirSync(path.dirname(linkPath), { recursive: true });
  fs.rmSync(linkPath, { force: true });
  fs.symlinkSync(target, linkPath);
}

function installCodeServer() {
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  fs.mkdirSync(INSTALL_DIR, { recursive: true });
  // Its own package.json keeps npm from walking up and installing into the repository's.
  fs.writeFileSync(path.join(INSTALL_DIR, 'package.json'), JSON.stringify({ name: 'vscode-test-code-server', private: true }, null, 2));
  // Native modules build against the local Node headers (no download) when npm is not told otherwise.
  const nativeEnv = process.env.npm_config_nodedir || !fs.existsSync('/usr/include/node/node.h') ? {} : { npm_config_nodedir: '/usr' };
  const npm = (args, cwd, env = {}) => run('npm', [...args, '--no-audit', '--no-fund'], cwd, { ...nativeEnv, ...env });

  // Its postinstall refuses to run as root and @vscode/ripgrep downloads from GitHub: the steps
  // below are what the postinstall would do, with ripgrep taken from Debian.
  progress(`npm install code-server@${CODE_SERVER_VERSION} (scripts off)`);
  npm(['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], INSTALL_DIR);
  progress('installing VS Code server dependencies');
  npm(['install', '--omit=dev', '--ignore-scripts'], VSCODE_DIR);
  progress(`building native modules (${NATIVE_MODULES.join(', ')}), about 40 s`);
  npm(['rebuild', ...NATIVE_MODULES], VSCODE_DIR, { npm_config_yes: 'true' });
  link(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), path.join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
  link('node_modules', path.join(VSCODE_DIR, 'node_modules.asar'));
  link('code-linux.sh', path.join(VSCODE_DIR, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', path.join(VSCODE_DIR, 'bin', 'helpers', 'browser.sh'));
  progress('installing the built-in extensions\' dependencies');
  npm(['install', '--omit=dev'], path.join(VSCODE_DIR, 'extensions'));
  progress('building argon2');
  npm(['rebuild', 'argon2', '--build-from-source'], INSTALL_DIR);
  fs.writeFileSync(MARKER, `${new Date().toISOString()}\n`);
}

/** Makes sure everything is in place; returns the path of code-server's entry script. */
export function ensureInstalled() {
  const installed = fs.existsSync(MARKER);
  if (installed && missingSystemPackages().length === 0) return CODE_SERVER_ENTRY;
  fs.mkdirSync(path.dirname(LOG), { recursive: true });
  fs.writeFileSync(LOG, '');
  ensureSystemPackages();
  if (!installed) {
    progress(`installing code-server ${CODE_SERVER_VERSION} (VS Code 1.100.3) into ${path.relative(ROOT, INSTALL_DIR)}/, about 2 minutes the first time`);
    installCodeServer();
    progress('done');
  }
  return CODE_SERVER_ENTRY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureInstalled();
    progress(`code-server ${CODE_SERVER_VERSION} is ready: ${path.relative(ROOT, CODE_SERVER_ENTRY)}`);
  } catch (error) {
    console.error(`[vscode-install] ${error.message}`);
    process.exit(1);
  }
}

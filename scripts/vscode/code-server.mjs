// Starts and stops one code-server (the real VS Code server) on 127.0.0.1, with a fresh profile.
// One server per run: a reused one keeps state (file watchers, trust, settings) between browsers.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_ENTRY } from './install.mjs';

const READY_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/**
 * `preferred` when it is free, else a port the OS just handed out; code-server binds it right
 * after (a retry covers the rare race).
 */
function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', (error) => (error.code === 'EADDRINUSE' && preferred ? freePort().then(resolve, reject) : reject(error)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A run folder under the OS temp dir: user data, extensions and the server's log. */
export function makeRunDir(prefix = 'perf-hints-vscode-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * For showing examples/: it has no node_modules, so the built-in checker would cover the code with
 * "Cannot find module" and implicit-any errors that have nothing to do with Perf Hints.
 */
export const EXAMPLES_SETTINGS = {
  'javascript.validate.enable': false,
  'typescript.validate.enable': false,
};

function writeUserSettings(userDataDir, { restricted, settings }) {
  const trust = restricted
    // A fresh profile opens a folder in Restricted Mode; "never" keeps it so without a modal prompt.
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : { 'security.workspace.trust.enabled': false };
  const all = { 'workbench.startupEditor': 'none', ...trust, ...settings };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(all, null, 2));
}

async function waitUntilReady(url, child, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before listening. Its log:\n${fs.readFileSync(logFile, 'utf8')}`);
    }
    try {
      if ((await fetch(`${url}healthz`)).ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`code-server did not answer on ${url} within ${READY_TIMEOUT_MS / 1000}s. Its log: ${logFile}`);
}

/**
 * Starts code-server on `workspace` and resolves once it answers HTTP. `port` is a preference:
 * when taken, another free port is used. `env` reaches the extension host (a child process of the
 * server) unchanged. `exited` resolves with the exit code if the server ends by itself.
 * @returns {Promise<{ url: string, authority: string, port: number, userDataDir: string, extensionsDir: string, logFile: string, exited: Promise<number>, stop(): Promise<void> }>}
 */
export async function startCodeServer({ runDir, workspace, extensionsDir, port: preferredPort = 0, restricted = false, settings = {}, env = {} }) {
  const userDataDir = path.join(runDir, 'user-data');
  extensionsDir ??= path.join(runDir, 'extensions');
  const logFile = path.join(runDir, 'code-server.log');
  fs.mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, { restricted, settings });

  for (let attempt = 1; ; attempt++) {
    const port = await freePort(preferredPort);
    const log = fs.openSync(logFile, 'w');
    const child = spawn(process.execPath, [
      CODE_SERVER_ENTRY, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--disable-telemetry', '--disable-update-check', '--ignore-last-opened', workspace,
    ], {
      env: { ...process.env, ...env },
      stdio: ['ignore', log, log],
      // Its own process group: stopping it also ends the extension host, the language server and
      // the other helpers code-server forks, however they were started.
      detached: true,
    });
    fs.closeSync(log);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? 128 + os.constants.signals[signal])));
    const stopOnExit = () => killGroup(child.pid, 'SIGKILL');
    process.on('exit', stopOnExit);
    const url = `http://127.0.0.1:${port}/`;
    try {
      await waitUntilReady(url, child, logFile);
    } catch (error) {
      killGroup(child.pid, 'SIGKILL');
      process.off('exit', stopOnExit);
      const portTaken = /EADDRINUSE/.test(fs.readFileSync(logFile, 'utf8'));
      if (portTaken && attempt < 3) continue;
      throw error;
    }
    const stop = async () => {
      process.off('exit', stopOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      // Forked helpers may outlive the main process by a moment; the group goes with it.
      killGroup(child.pid, 'SIGKILL');
    };
    return { url, authority: `127.0.0.1:${port}`, port, userDataDir, extensionsDir, logFile, exited, stop };
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Ctrl+C and `kill` end the run through the normal path, so `exit` handlers stop the servers. */
export function exitOnSignals() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => process.exit(128 + os.constants.signals[signal]));
  }
}

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');
export const SCRATCH = path.join(ROOT, '.bench');
export const CORPUS_DIR = path.join(SCRATCH, 'corpus');
export const PEERS_DIR = path.join(SCRATCH, 'peers');

/** The packages whose `lib/` folders form the corpus; versions come from bench/corpus.package.json. */
export const CORPUS_PACKAGES = ['webpack', 'eslint'] as const;

const SOURCE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.jsx', '.ts', '.cts', '.mts', '.tsx']);

export interface Corpus {
  /** The folders handed to every tool, in this order. */
  dirs: string[];
  files: string[];
  lines: number;
  versions: Record<string, string>;
}

function pinned(manifest: string): Record<string, string> {
  const json = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench', manifest), 'utf8')) as { dependencies: Record<string, string> };
  return json.dependencies;
}

function installedVersion(dir: string, name: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/** npm processes working in `dir` (another helper or a previous run may be installing there). Linux only; elsewhere assumes none. */
function npmBusyIn(dir: string): number[] {
  if (!fs.existsSync('/proc')) return [];
  const busy: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (!/(^|[/\0])npm(-cli\.js)?\0/.test(cmdline) && !cmdline.includes('npm-cli.js')) continue;
      if (fs.realpathSync(`/proc/${entry}/cwd`) === fs.realpathSync(dir)) busy.push(Number(entry));
    } catch {
      // The process ended or is not ours to inspect.
    }
  }
  return busy;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Installs the exact versions of `manifest` into `dir` unless they are already there. */
function ensureInstalled(dir: string, manifest: string): Record<string, string> {
  const wanted = pinned(manifest);
  fs.mkdirSync(dir, { recursive: true });
  for (let waited = 0; npmBusyIn(dir).length > 0; waited += 5) {
    if (waited % 30 === 0) console.error(`waiting for the npm install already running in ${path.relative(ROOT, dir)} …`);
    if (waited > 900) throw new Error(`npm is still busy in ${dir} after 15 minutes`);
    sleep(5000);
  }
  const missing = Object.entries(wanted).filter(([name, version]) => installedVersion(dir, name) !== version);
  if (missing.length > 0) {
    console.error(`installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into ${path.relative(ROOT, dir)} …`);
    fs.copyFileSync(path.join(ROOT, 'bench', manifest), path.join(dir, 'package.json'));
    const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (npm.status !== 0) throw new Error(`npm install failed in ${dir}`);
    const still = Object.entries(wanted).filter(([name, version]) => installedVersion(dir, name) !== version);
    if (still.length > 0) throw new Error(`after npm install, ${still.map(([n]) => n).join(', ')} has the wrong version in ${dir}`);
  }
  return wanted;
}

function walk(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (SOURCE_EXTENSIONS.has(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
}

export function ensureCorpus(): Corpus {
  const versions = ensureInstalled(CORPUS_DIR, 'corpus.package.json');
  const dirs = CORPUS_PACKAGES.map((name) => path.join(CORPUS_DIR, 'node_modules', name, 'lib'));
  const files: string[] = [];
  for (const dir of dirs) walk(dir, files);
  let lines = 0;
  for (const file of files) lines += fs.readFileSync(file, 'utf8').split('\n').length;
  return { dirs, files, lines, versions };
}

export function ensurePeers(): Record<string, string> {
  return ensureInstalled(PEERS_DIR, 'peers.package.json');
}

export const ESLINT_BIN = path.join(PEERS_DIR, 'node_modules', 'eslint', 'bin', 'eslint.js');
export const OXLINT_BIN = path.join(PEERS_DIR, 'node_modules', '.bin', 'oxlint');
export const OUR_CLI = path.join(ROOT, 'dist', 'cli.js');

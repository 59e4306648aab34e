/**
 * `npm run bench`: times the CLI against bare TypeScript parsing and the peer linters on the same
 * corpus in one run, and prints ratios (times alone mean nothing on a shared machine) of both wall
 * and CPU time: CPU time barely moves when other jobs share the machine, but cannot show threads
 * shortening a run. Ours runs three times: as a user runs it (its code cache written by the unmeasured
 * first round), without the code cache (a first run, or a fresh CI container), and on every core.
 * Parsing is timed twice: with TypeScript's defaults (the goal's reference) and with the CLI's own
 * options. ESLint turns on Node's compile cache where Node has one (22.1 and later).
 * Options: --runs N (default 5), --no-build (measure the existing dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import type { Command } from './tools.ts';
import { bundleParseReference, commands, parseOurs, writeEslintConfig } from './tools.ts';
import { ensureCorpus, ensurePeers, OUR_CLI, ROOT } from './setup.ts';

const argv = process.argv.slice(2);
const runsFlag = argv.indexOf('--runs');
const RUNS = runsFlag >= 0 ? Math.max(1, Number(argv[runsFlag + 1])) : 5;
const BUILD = !argv.includes('--no-build');

type Tool = 'parse' | 'parseLean' | 'ours' | 'oursNoCache' | 'oursAllCores' | 'eslint' | 'oxlint';
const CORES = os.availableParallelism();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout?.trim()) || 100;
})();

/** CPU ms (user + system) of every child this process has waited for; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

interface Sample {
  wall: number;
  /** CPU time barely moves when other jobs share the machine; wall time does. */
  cpu: number | undefined;
  stdout: string;
}

/** Runs a command in a fresh process, like a user would; stdout is discarded unless asked for. */
function time(command: Command, keepOutput: boolean): Sample {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const run = spawnSync(command.command, command.args, {
    cwd: ROOT,
    stdio: ['ignore', keepOutput ? 'pipe' : 'ignore', 'pipe'],
    env: command.env && { ...process.env, ...command.env },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (run.error || !command.ok.includes(run.status ?? -1)) {
    throw new Error(`${path.basename(command.args[0] ?? command.command)} failed (exit ${run.status}): ${run.error?.message ?? run.stderr.slice(0, 2000)}`);
  }
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wall, cpu, stdout: run.stdout ?? '' };
}

function build(): boolean {
  if (fs.existsSync(path.join(ROOT, 'esbuild.mjs')) && BUILD) {
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) console.error('npm run build failed; measuring dist/cli.js as it is, if present');
  }
  return fs.existsSync(OUR_CLI);
}

/** The language server's own benchmark prints p50/p95/max in ms: read from its line for the real server (didChange → publishDiagnostics). */
function serverLatency(): { p50?: number; p95: number; max?: number } | string {
  const script = path.join(ROOT, 'bench', 'server-latency.ts');
  if (!fs.existsSync(script)) return 'not available (bench/server-latency.ts missing)';
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const text = `${run.stdout}\n${run.stderr}`;
  const line = text.split('\n').find((l) => /publishDiagnostics/.test(l) && /p95/i.test(l)) ?? text;
  const read = (label: string): number | undefined => {
    const match = new RegExp(`${label}\\D{0,20}?([\\d.]+)`, 'i').exec(line);
    return match ? Number(match[1]) : undefined;
  };
  const p95 = read('p95');
  if (run.status !== 0 || p95 === undefined) return `not available (server-latency exited ${run.status}: ${text.trim().split('\n').slice(-2).join(' | ')})`;
  return { p50: read('p50'), p95, max: read('max') };
}

/** In-process parse time of a ~3,000-line corpus file: the reference for the server's re-analysis latency. */
function parseReference3k(files: readonly string[]): { file: string; lines: number; ms: number } {
  const sized = files.map((f) => ({ f, text: fs.readFileSync(f, 'utf8') })).map(({ f, text }) => ({ f, text, lines: text.split('\n').length }));
  const pick = sized.reduce((best, c) => (Math.abs(c.lines - 3000) < Math.abs(best.lines - 3000) ? c : best));
  const samples: number[] = [];
  for (let i = 0; i < 25; i++) {
    const started = process.hrtime.bigint();
    ts.createSourceFile(pick.f, pick.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
    if (i >= 5) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return { file: path.relative(ROOT, pick.f), lines: pick.lines, ms: median(samples) };
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}

async function main(): Promise<void> {
  const corpus = ensureCorpus();
  const peers = ensurePeers();
  writeEslintConfig();
  await bundleParseReference();
  const haveOurs = build();
  const base = commands(corpus.files);
  const cmds: Record<Tool, Command> = {
    ...base,
    parseLean: { ...base.parse, args: [base.parse.args[0], '--lean', ...base.parse.args.slice(1)] },
    // The first run on a machine, or one in a fresh CI container: no code cache to start from.
    oursNoCache: { ...base.ours, env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
    oursAllCores: { ...base.ours, args: [...base.ours.args, '--threads', String(CORES)] },
  };
  const tools: Tool[] = haveOurs ? ['parse', 'parseLean', 'ours', 'oursNoCache', 'oursAllCores', 'eslint', 'oxlint'] : ['parse', 'eslint', 'oxlint'];

  // One unmeasured round warms the disk cache and checks every tool runs; ours also yields its findings.
  let ourFindings: Map<string, number> | undefined;
  for (const tool of tools) {
    const { stdout } = time(cmds[tool], tool === 'ours');
    if (tool === 'ours') {
      ourFindings = new Map();
      for (const f of parseOurs(stdout)) ourFindings.set(f.rule, (ourFindings.get(f.rule) ?? 0) + 1);
    }
  }
  // Rounds interleave the tools so a burst of load from elsewhere hits them all alike.
  const samples = new Map<Tool, Sample[]>(tools.map((t) => [t, []]));
  for (let round = 0; round < RUNS; round++) {
    for (const tool of tools) samples.get(tool)?.push(time(cmds[tool], false));
    process.stderr.write(`round ${round + 1}/${RUNS} done\n`);
  }
  const wall = (tool: Tool): number => median((samples.get(tool) ?? []).map((s) => s.wall));
  const cpuKnown = [...samples.values()].every((list) => list.every((s) => s.cpu !== undefined));
  const cpu = (tool: Tool): number => median((samples.get(tool) ?? []).map((s) => s.cpu ?? NaN));

  const server = serverLatency();
  const ref3k = parseReference3k(corpus.files);

  console.log(`Perf Hints benchmark — ${corpus.dirs.map((d) => path.relative(ROOT, d)).join(' + ')}`);
  console.log(`corpus: ${Object.entries(corpus.versions).map(([n, v]) => `${n}@${v}`).join(', ')} lib/ — ${corpus.files.length} files, ${corpus.lines.toLocaleString('en-US')} lines`);
  console.log(`peers: ${Object.entries(peers).map(([n, v]) => `${n}@${v}`).join(', ')}; node ${process.version}; ${CORES} cores; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${RUNS} interleaved fresh-process runs per tool, medians; each ratio is given for wall time and for CPU (user+sys) time`);
  console.log('');
  const rows: string[][] = [['tool', 'wall ms', 'cpu ms', 'wall ratio', 'cpu ratio', 'goal', 'met (wall)', 'met (cpu)']];
  const met = (ok: boolean): string => (ok ? 'yes' : 'NO');
  /** `a` against `b` on both clocks; a goal checks each. */
  const row = (label: string, a: Tool, b: Tool, unit: string, goal = '(reference)', ok?: (ratio: number) => boolean) => {
    const wallRatio = wall(a) / wall(b);
    const cpuRatio = cpuKnown ? cpu(a) / cpu(b) : NaN;
    rows.push([
      label, fmt(wall(a)), cpuKnown ? fmt(cpu(a)) : '-',
      `${wallRatio.toFixed(2)}× ${unit}`, cpuKnown ? `${cpuRatio.toFixed(2)}× ${unit}` : '-',
      goal, ok ? met(ok(wallRatio)) : '', ok && cpuKnown ? met(ok(cpuRatio)) : '',
    ]);
  };
  row('TypeScript parse only (reference)', 'parse', 'parse', 'parse', '');
  row('  same, the CLI\'s parse options', 'parseLean', 'parse', 'parse');
  if (haveOurs) {
    row('perf-hints CLI --format json', 'ours', 'parse', 'parse', '≤ 1.3× parse', (r) => r <= 1.3);
    row('  against its own parse options', 'ours', 'parseLean', 'lean');
    row('  same, without its code cache (first run)', 'oursNoCache', 'parse', 'parse');
    row(`  same, --threads ${CORES} (all cores)`, 'oursAllCores', 'parse', 'parse');
    row('ESLint 9, 3 rules', 'eslint', 'ours', 'ours', '≥ 5× ours', (r) => r >= 5);
    row('  against ours without its code cache', 'eslint', 'oursNoCache', 'ours');
    row('oxlint, 1 rule, --threads=1', 'oxlint', 'ours', 'ours');
  } else {
    rows.push(['perf-hints CLI', 'not available (dist/cli.js missing)', '', '', '', '≤ 1.3× parse', '?', '?']);
    row('ESLint 9, 3 rules', 'eslint', 'parse', 'parse', '≥ 5× ours');
    row('oxlint, 1 rule, --threads=1', 'oxlint', 'parse', 'parse');
  }
  if (typeof server === 'string') {
    rows.push(['server p95, 1-char edit, 3k lines', server, '', '', '', '', '', '']);
  } else {
    rows.push(['server p95, 1-char edit, 3k lines', fmt(server.p95), '', `${(server.p95 / ref3k.ms).toFixed(1)}× parse of ${ref3k.lines} lines`, '', '', '', '']);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const cells of rows) console.log(cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  console.log('');
  if (typeof server !== 'string') console.log(`server re-analysis (bench/server-latency.ts): p50 ${server.p50 ?? '?'} ms, p95 ${server.p95} ms, max ${server.max ?? '?'} ms`);
  console.log(`in-process parse of ${ref3k.file} (${ref3k.lines} lines): ${fmt(ref3k.ms)} ms — the server row's reference`);
  if (ourFindings) {
    const total = [...ourFindings.values()].reduce((a, b) => a + b, 0);
    console.log(`perf-hints: ${total} findings in ${fmt(wall('ours'))} ms — ${[...ourFindings].sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

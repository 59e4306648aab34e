/**
 * What a user waits for after typing one character in a 3,000-line TypeScript file, and where the time goes.
 *
 * 1. The real server, spoken to over stdio as an editor does: `dist/server.js`, the bundle users run (`npm run
 *    build` first; without it the source runs under tsx, which reaches the TypeScript API more slowly). Each
 *    sample is one incremental one-character `didChange` (a space typed at a line start, then deleted) until the
 *    `publishDiagnostics` for that version, minus the server's typing debounce (CHANGE_DEBOUNCE_MS): that pause
 *    is a deliberate wait for the user to stop typing, not work. Also the server's CPU time per edit (both
 *    threads and V8's helper threads, from /proc), which other jobs on a shared machine barely move; then the
 *    same for bursts of keystrokes closer together than the debounce, where work on superseded texts shows.
 * 2. The same work in one thread, broken down: the program update (incremental parse, bind, checker set-up),
 *    the engine with every rule (and each rule's share), serialization across the worker boundary. It runs in a
 *    child process from an esbuild bundle of this file, so modules are laid out as in dist.
 *
 *   npm run build && node --import tsx bench/server-latency.ts [--edits 200] [--bursts 20] [--lines 3000] [--probe]
 *     [--server path/to/server.js] [--server-only]
 *
 * `--server` measures another build of the server (an A/B comparison; its analysis-worker.js must sit beside it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../src/core/config.ts';
import { analyzeSourceFile } from '../src/core/engine.ts';
import { RULES } from '../src/core/rules/index.ts';
import type { Rule } from '../src/core/types.ts';
import { Analyzer, toWire } from '../src/server/analysis.ts';
import type { OpenDocument } from '../src/server/projects.ts';
import { normalizeFileName, ProjectService } from '../src/server/projects.ts';
import { CHANGE_DEBOUNCE_MS } from '../src/server/server.ts';
import { TestClient } from '../test/server/lsp-client.ts';

const ROOT = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const EDITS = arg('edits', 200);
const LINES = arg('lines', 3000);
const BURSTS = arg('bursts', 20);
const BURST_KEYS = 6;
/** Between keystrokes while typing steadily: shorter than the debounce, so only the last one is published. */
const BURST_GAP_MS = 80;

const MODELS = `export interface User { id: string; name: string; email: string; teamId: string; active: boolean; tags: string[] }
export interface Team { id: string; name: string; members: string[] }
export interface Order { id: string; userId: string; total: number; items: { sku: string; qty: number }[] }
export type Repo<T> = { get(id: string): Promise<T | undefined>; list(): Promise<T[]>; save(item: T): Promise<void> };
`;

/**
 * One service-like module section; `n` keeps names unique. Mixes loops, array methods, maps, async code
 * and classes. Like real code, most sections are clean: one in eight carries the anti-patterns.
 */
function section(n: number): string {
  const slow = n % 8 === 0;
  return `
/** Aggregates for batch ${n}. */
export class ReportService${n} {
  private readonly cache = new Map<string, Order[]>();
  constructor(private readonly users: Repo<User>, private readonly orders: Repo<Order>) {}

  async totalsByTeam(teams: Team[]): Promise<Record<string, number>> {
    const all = await this.orders.list();
    const result: Record<string, number> = {};
    for (const team of teams) {
      let sum = 0;${slow ? '' : '\n      const members = new Set(team.members);'}
      for (const order of all) {
        if (${slow ? 'team.members.includes' : 'members.has'}(order.userId)) sum += order.total;
      }
      result[team.id] = sum;
    }
    return result;
  }

  activeEmails(users: User[], blocked: string[]): string[] {
    return users
      .filter((user) => user.active && !blocked.includes(user.id))
      .map((user) => user.email.toLowerCase())
      .sort();
  }

  byId(users: User[]): Record<string, User> {
    ${slow
      ? 'return users.reduce((acc, user) => ({ ...acc, [user.id]: user }), {} as Record<string, User>);'
      : 'return Object.fromEntries(users.map((user) => [user.id, user]));'}
  }

  async ordersFor(userIds: string[]): Promise<Order[]> {
    const cached = userIds.flatMap((id) => this.cache.get(id) ?? []);
    if (cached.length > 0) return cached;
    const orders: Order[] = [];
    for (const id of userIds) {
      const user = await this.users.get(id);
      if (!user) continue;
      const list = (await this.orders.list()).filter((order) => order.userId === user.id);
      this.cache.set(id, list);
      orders.push(...list);
    }
    return orders;
  }
}

export function summarize${n}(orders: Order[], skus: Set<string>): { count: number; revenue: number; skus: string[] } {
  let revenue = 0;
  const seen = new Set<string>();
  for (const order of orders) {
    revenue += order.total;
    for (const item of order.items) {
      if (skus.has(item.sku)) seen.add(item.sku);
    }
  }${slow ? `
  const sorted: string[] = [];
  for (const sku of seen) if (sorted.indexOf(sku) === -1) sorted.push(sku);` : `
  const sorted = [...seen];`}
  return { count: orders.length, revenue: Math.round(revenue * 100) / 100, skus: sorted.sort() };
}

export const format${n} = (value: number, currency = 'EUR'): string =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(value);

export function groupTags${n}(users: User[]): Map<string, User[]> {
  const groups = new Map<string, User[]>();
  users.forEach((user) => {
    for (const tag of user.tags) {
      const group = groups.get(tag);
      if (group) group.push(user);
      else groups.set(tag, [user]);
    }
  });
  return groups;
}
`;
}

function buildFile(lines: number): string {
  let text = `import type { Order, Repo, Team, User } from './models';\n`;
  for (let n = 0; text.split('\n').length < lines; n++) text += section(n);
  return text;
}

/** Asks the checker for the type of every property-access receiver: a heavier typed load than most rules. */
const checkerProbe: Rule = {
  ...RULES[0],
  id: 'bench-checker-probe',
  kinds: [ts.SyntaxKind.PropertyAccessExpression],
  check(node, context) {
    context.checker?.getTypeAtLocation((node as ts.PropertyAccessExpression).expression);
  },
};

function quantiles(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] };
}

function stats(samples: number[]): string {
  const { p50, p95, max } = quantiles(samples);
  return `p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms  max ${max.toFixed(2)} ms`;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Type a space at a line start, then delete it: every version parses, as while typing. */
function editSequence(initial: string, seed: number): () => { at: number; insert: boolean } {
  const lineStarts = [...initial.matchAll(/\n/g)].map((m) => m.index + 1);
  let random = seed;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let inserted: number | undefined;
  return () => {
    const edit = inserted === undefined ? { at: lineStarts[Math.floor(next() * lineStarts.length)], insert: true } : { at: inserted, insert: false };
    inserted = edit.insert ? edit.at : undefined;
    return edit;
  };
}

const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(out.stdout?.trim()) || 100;
})();

/** CPU ms (user + system, every thread) a process has used so far; undefined off Linux. */
function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** The server as an editor runs it: didOpen, then one-character edits, each waited for until its diagnostics arrive. */
async function throughServer(dir: string, fileName: string, initial: string): Promise<void> {
  const chosen = process.argv.indexOf('--server');
  const built = chosen === -1 ? path.join(ROOT, 'dist', 'server.js') : path.resolve(process.argv[chosen + 1]);
  const entry = fs.existsSync(built) ? built : path.join(ROOT, 'src', 'server', 'main.ts');
  process.env.PERF_HINTS_SERVER = entry;
  const client = new TestClient({ rootUri: pathToFileURL(dir).href });
  await client.initialize();
  const uri = pathToFileURL(fileName).href;

  // A cold project first publishes what syntax alone says, then the typed findings once the program is built.
  let ready = false;
  let typedAt: number | undefined;
  client.onLog.push((message) => (ready ||= /Program of .* ready/.test(message)));
  client.onDiagnostics.push((params) => {
    if (ready && params.uri === uri) typedAt ??= performance.now();
  });
  let start = performance.now();
  client.open(uri, initial);
  await client.diagnosticsFor(uri, () => typedAt !== undefined, 120_000);
  const cold = (typedAt ?? start) - start;

  const nextEdit = editSequence(initial, 7);
  const type = ({ at, insert } = nextEdit()): void => {
    const doc = client.docs.get(uri)!;
    const range = { start: doc.positionAt(at), end: doc.positionAt(insert ? at : at + 1) };
    const text = insert ? ' ' : '';
    const next = TextDocument.update(doc, [{ range, text }], doc.version + 1);
    client.docs.set(uri, next);
    void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ range, text }] });
  };
  const samples: number[] = [];
  const cpuBefore = cpuMsOf(client.child.pid);
  for (let i = 0; i < EDITS; i++) {
    start = performance.now();
    type();
    await client.current(uri);
    samples.push(performance.now() - start - CHANGE_DEBOUNCE_MS);
  }
  const cpuAfter = cpuMsOf(client.child.pid);

  // Typing goes in bursts: every keystroke but the last is superseded before the pause. What the server
  // does meanwhile shows in its CPU time per burst, not in the wait after it.
  // Each burst indents a line: its text differs from the one before, as after real typing.
  const lines = initial.split('\n').length;
  const burstWaits: number[] = [];
  for (let i = 0; i < BURSTS; i++) {
    const line = (i * 7919) % lines;
    const indent = () => type({ at: client.docs.get(uri)!.offsetAt({ line, character: 0 }), insert: true });
    for (let key = 1; key < BURST_KEYS; key++) {
      indent();
      await new Promise((resolve) => setTimeout(resolve, BURST_GAP_MS));
    }
    start = performance.now();
    indent();
    await client.current(uri);
    burstWaits.push(performance.now() - start - CHANGE_DEBOUNCE_MS);
  }
  const cpuBursts = cpuMsOf(client.child.pid);
  await client.shutdown();

  console.log(`server: ${path.relative(ROOT, entry)}${entry === built ? '' : ' under tsx (run `npm run build` to measure the bundle users run)'}, over stdio, ${EDITS} one-character edits`);
  console.log(`  cold: didOpen → typed diagnostics:                  ${cold.toFixed(0)} ms`);
  console.log(`  didChange → publishDiagnostics, minus ${CHANGE_DEBOUNCE_MS} ms debounce: ${stats(samples)}`);
  if (cpuBefore !== undefined && cpuAfter !== undefined) {
    console.log(`  server CPU per edit (LSP thread + worker + GC):     ${((cpuAfter - cpuBefore) / EDITS).toFixed(1)} ms`);
  }
  console.log(`  ${BURSTS} bursts of ${BURST_KEYS} keystrokes ${BURST_GAP_MS} ms apart, last keystroke → publishDiagnostics, minus debounce: ${stats(burstWaits)}`);
  if (cpuAfter !== undefined && cpuBursts !== undefined) {
    console.log(`  server CPU per burst:                               ${((cpuBursts - cpuAfter) / BURSTS).toFixed(0)} ms`);
  }
}

/**
 * The in-thread breakdown; runs in the bundled child. Rule shares come from a second pass with every `check`
 * timed, which adds a little overhead of its own: read them as proportions.
 */
function breakdown(fileName: string): void {
  const initial = fs.readFileSync(fileName, 'utf8');
  const open = new Map<string, OpenDocument>([[fileName, { version: 1, text: initial }]]);
  const projects = new ProjectService({ openDocument: (name) => open.get(name) });
  const analyzer = new Analyzer(projects, (rule, error) => { throw new Error(`${rule.id}: ${String(error)}`); });

  let start = performance.now();
  const first = analyzer.full(fileName, initial, DEFAULT_CONFIG);
  const cold = performance.now() - start;

  const nextEdit = editSequence(initial, 42);
  const edit = (): void => {
    const doc = open.get(fileName)!;
    const { at, insert } = nextEdit();
    const text = insert ? doc.text.slice(0, at) + ' ' + doc.text.slice(at) : doc.text.slice(0, at) + doc.text.slice(at + 1);
    open.set(fileName, { version: doc.version + 1, text });
    projects.documentChanged();
  };
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };

  const program: number[] = [];
  const rules: number[] = [];
  const total: number[] = [];
  const cpuProgram: number[] = [];
  const cpuRules: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    edit();
    const c0 = cpuMs();
    const t0 = performance.now();
    const typed = projects.typedFile(fileName)!;
    const t1 = performance.now();
    const c1 = cpuMs();
    analyzeSourceFile(typed.sourceFile, { checker: typed.checker, config: DEFAULT_CONFIG, iteratorHelpers: typed.iteratorHelpers });
    const t2 = performance.now();
    const c2 = cpuMs();
    program.push(t1 - t0);
    rules.push(t2 - t1);
    total.push(t2 - t0);
    cpuProgram.push(c1 - c0);
    cpuRules.push(c2 - c1);
  }

  const spent = new Map<string, number>(RULES.map((rule) => [rule.id, 0]));
  const timed: Rule[] = RULES.map((rule) => ({
    ...rule,
    check(node, context) {
      const t = performance.now();
      try {
        rule.check(node, context);
      } finally {
        spent.set(rule.id, (spent.get(rule.id) ?? 0) + performance.now() - t);
      }
    },
  }));
  const sharePasses = Math.max(1, Math.floor(EDITS / 4));
  const probe: number[] = [];
  const withProbe = process.argv.includes('--probe');
  for (let i = 0; i < sharePasses; i++) {
    edit();
    const typed = projects.typedFile(fileName)!;
    analyzeSourceFile(typed.sourceFile, { checker: typed.checker, config: DEFAULT_CONFIG, iteratorHelpers: typed.iteratorHelpers, rules: timed });
    if (!withProbe) continue;
    const t = performance.now();
    analyzeSourceFile(typed.sourceFile, { checker: typed.checker, config: DEFAULT_CONFIG, rules: [checkerProbe] });
    probe.push(performance.now() - t);
  }

  // What crosses the worker boundary on each edit: the document's text one way, the findings the other.
  const reply = { findings: first.findings.map(toWire), typed: first.typed };
  const cloneMs = (value: unknown) => {
    const t = performance.now();
    for (let i = 0; i < 50; i++) structuredClone(value);
    return (performance.now() - t) / 50;
  };

  const perRule: Record<string, number> = {};
  for (const finding of first.findings) perRule[finding.ruleId] = (perRule[finding.ruleId] ?? 0) + 1;
  console.log(`in one thread (bundled like dist), ${EDITS} edits; ${initial.split('\n').length} lines, ${RULES.length} rules, typed: ${first.typed}, findings: ${JSON.stringify(perRule)}`);
  console.log(`  cold first analysis (program + libs + checker):      ${cold.toFixed(0)} ms`);
  console.log(`  re-analysis after a one-character edit:              ${stats(total)}`);
  console.log(`    program update (incremental parse, bind, checker): ${stats(program)}  CPU mean ${mean(cpuProgram).toFixed(2)} ms`);
  console.log(`    engine walk + rules:                               ${stats(rules)}  CPU mean ${mean(cpuRules).toFixed(2)} ms`);
  const ruleTotal = [...spent.values()].reduce((a, b) => a + b, 0);
  const shares = [...spent].sort((a, b) => b[1] - a[1]).map(([id, ms]) => `${id} ${(ms / sharePasses).toFixed(2)}`);
  console.log(`    inside rules' check, mean ms per analysis (${(ruleTotal / sharePasses).toFixed(2)} in all): ${shares.join(', ')}`);
  console.log(`  structured clone per edit: text ${cloneMs(initial).toFixed(3)} ms, findings ${cloneMs(reply).toFixed(3)} ms`);
  if (withProbe) console.log(`  synthetic rule typing every property receiver:       ${stats(probe)}`);
  projects.resetProjects();
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--breakdown');
  if (at !== -1) {
    breakdown(process.argv[at + 1]);
    return;
  }
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-latency-')));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023'], strict: true, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }));
    fs.writeFileSync(path.join(dir, 'src', 'models.ts'), MODELS);
    const fileName = normalizeFileName(path.join(dir, 'src', 'report.ts'));
    const initial = buildFile(LINES);
    fs.writeFileSync(fileName, initial);

    await throughServer(dir, fileName, initial);
    if (process.argv.includes('--server-only')) return;

    const bundle = path.join(dir, 'breakdown.js');
    buildSync({ entryPoints: [__filename], bundle: true, platform: 'node', format: 'cjs', external: ['typescript', 'esbuild'], outfile: bundle, logLevel: 'error' });
    const child = spawnSync(process.execPath, [bundle, '--breakdown', fileName, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    });
    if (child.status !== 0) throw new Error(`the breakdown failed (exit ${child.status})`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

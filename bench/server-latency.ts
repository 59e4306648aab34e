/**
 * Re-analysis latency after a one-character edit in a 3,000-line TypeScript file, through the same
 * layers the language server uses on didChange. First the headline: the server's own path, from the
 * change arriving on the LSP thread (document update, text mirrored to the analysis worker, analyze
 * request) to diagnostics ready there (reply received, converted to LSP diagnostics). Then the same
 * work in-thread, broken down: the language service updating its program, the engine with the checker.
 *
 *   node --import tsx bench/server-latency.ts [--edits 200] [--lines 3000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../src/core/config.ts';
import { analyzeSourceFile } from '../src/core/engine.ts';
import { RULES } from '../src/core/rules/index.ts';
import type { Rule } from '../src/core/types.ts';
import { Analyzer } from '../src/server/analysis.ts';
import type { OpenDocument } from '../src/server/projects.ts';
import { toDiagnostic } from '../src/server/convert.ts';
import { normalizeFileName, ProjectService } from '../src/server/projects.ts';
import { AnalysisWorker } from '../src/server/worker-client.ts';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const EDITS = arg('edits', 200);
const LINES = arg('lines', 3000);

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

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `p50 ${at(0.5).toFixed(2)} ms  p95 ${at(0.95).toFixed(2)} ms  max ${sorted[sorted.length - 1].toFixed(2)} ms`;
}

/** The server's path: LSP thread → worker → LSP thread, one edit at a time as after each typing pause. */
async function throughWorker(fileName: string, initial: string): Promise<{ cold: number; samples: number[] }> {
  const worker = new AnalysisWorker({ log: (level, message) => level === 'error' && console.error(message) });
  let doc = TextDocument.create(`file://${fileName}`, 'typescript', 1, initial);
  worker.sync(fileName, 1, initial);
  let start = performance.now();
  await worker.request('analyze', { fileName, version: 1, config: DEFAULT_CONFIG });
  const cold = performance.now() - start;
  const lineStarts = [...initial.matchAll(/\n/g)].map((m) => m.index + 1);
  let random = 7;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let inserted: number | undefined;
  const samples: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    start = performance.now();
    // Type a space at a line start, then delete it: the incremental change the client sends.
    const at = inserted ?? lineStarts[Math.floor(next() * lineStarts.length)];
    const range = { start: doc.positionAt(at), end: doc.positionAt(inserted === undefined ? at : at + 1) };
    doc = TextDocument.update(doc, [{ range, text: inserted === undefined ? ' ' : '' }], doc.version + 1);
    inserted = inserted === undefined ? at : undefined;
    worker.sync(fileName, doc.version, doc.getText());
    const analysis = await worker.request('analyze', { fileName, version: doc.version, config: DEFAULT_CONFIG });
    analysis?.findings.map((finding) => toDiagnostic(doc, doc.version, finding));
    samples.push(performance.now() - start);
  }
  await worker.terminate();
  return { cold, samples };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-latency-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2023'], strict: true, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }));
  fs.writeFileSync(path.join(dir, 'src', 'models.ts'), MODELS);
  const fileName = normalizeFileName(path.join(dir, 'src', 'report.ts'));
  const initial = buildFile(LINES);
  fs.writeFileSync(fileName, initial);

  const worker = await throughWorker(fileName, initial);

  const open = new Map<string, OpenDocument>([[fileName, { version: 1, text: initial }]]);
  const projects = new ProjectService({ openDocument: (name) => open.get(name) });
  const analyzer = new Analyzer(projects, (rule, error) => { throw new Error(`${rule.id}: ${String(error)}`); });

  let start = performance.now();
  const first = analyzer.full(fileName, initial, DEFAULT_CONFIG);
  const cold = performance.now() - start;

  const lineStarts = [...initial.matchAll(/\n/g)].map((m) => m.index + 1);
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const edit = (i: number): string => {
    const doc = open.get(fileName)!;
    // Type a space at a line start, then delete it: every version parses, as while typing.
    const at = lineStarts[Math.floor(next() * lineStarts.length)];
    const text = i % 2 === 0 ? doc.text.slice(0, at) + ' ' + doc.text.slice(at) : initial;
    open.set(fileName, { version: doc.version + 1, text });
    projects.documentChanged();
    return text;
  };

  const total: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const text = edit(i);
    start = performance.now();
    analyzer.full(fileName, text, DEFAULT_CONFIG);
    total.push(performance.now() - start);
  }

  const program: number[] = [];
  const rules: number[] = [];
  const probe: number[] = [];
  const withProbe = process.argv.includes('--probe');
  for (let i = 0; i < EDITS; i++) {
    edit(i);
    let t = performance.now();
    const typed = projects.typedFile(fileName)!;
    program.push(performance.now() - t);
    t = performance.now();
    analyzeSourceFile(typed.sourceFile, { checker: typed.checker, config: DEFAULT_CONFIG });
    rules.push(performance.now() - t);
    if (!withProbe) continue;
    t = performance.now();
    analyzeSourceFile(typed.sourceFile, { checker: typed.checker, config: DEFAULT_CONFIG, rules: [checkerProbe] });
    probe.push(performance.now() - t);
  }

  const perRule: Record<string, number> = {};
  for (const finding of first.findings) perRule[finding.ruleId] = (perRule[finding.ruleId] ?? 0) + 1;
  console.log(`${initial.split('\n').length} lines, ${RULES.length} rules, typed: ${first.typed}, findings: ${JSON.stringify(perRule)}`);
  console.log(`server path (LSP thread → analysis worker → diagnostics ready), ${EDITS} one-character edits:`);
  console.log(`  cold first analysis:                                     ${worker.cold.toFixed(0)} ms`);
  console.log(`  re-analysis after an edit:                               ${stats(worker.samples)}`);
  console.log('in-thread breakdown (same work without the worker hop):');
  console.log(`  cold first analysis (program + libs + checker):          ${cold.toFixed(0)} ms`);
  console.log(`  re-analysis after a one-character edit:                  ${stats(total)}`);
  console.log(`  getProgram (parse edited file, reuse the rest, bind):    ${stats(program)}`);
  console.log(`  engine walk + registered rules:                          ${stats(rules)}`);
  if (withProbe) console.log(`  synthetic rule typing every property receiver:           ${stats(probe)}`);
  projects.resetProjects();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_CONFIG } from '../../src/core/config.ts';
import { RULES } from '../../src/core/rules/index.ts';
import type { Finding } from '../../src/core/types.ts';
import { toWire } from '../../src/server/analysis.ts';
import { toDiagnostic } from '../../src/server/convert.ts';
import { normalizeFileName } from '../../src/server/projects.ts';
import { CRASH_WORKER_TEST_REQUEST } from '../../src/server/server.ts';
import { AnalysisWorker } from '../../src/server/worker-client.ts';
import { TestClient } from './lsp-client.ts';

const FILES = 1500;
const TSCONFIG = { compilerOptions: { target: 'ES2022', lib: ['ES2023'], strict: true, module: 'ESNext', moduleResolution: 'Bundler', allowJs: true, noEmit: true } };
const temporary: string[] = [];
after(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

function tmp(name: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `perf-hints-${name}-`)));
  temporary.push(dir);
  return dir;
}

/** Module `i` imports modules 2i+1 and 2i+2: opening m0 pulls every file into the program (depth ~11). */
function module(i: number): string {
  const children = [2 * i + 1, 2 * i + 2].filter((c) => c < FILES);
  const imports = children.map((c) => `import { total${c}, type Node${c} } from './m${c}';\n`).join('');
  const fields = children.map((c) => `  child${c}: Node${c}[];\n`).join('');
  const sums = children.map((c) => ` + total${c}(node.child${c})`).join('');
  return `${imports}
export interface Node${i} {
  id: number;
  label: string;
  tags: ReadonlySet<string>;
${fields}}

export function total${i}(nodes: readonly Node${i}[]): number {
  let sum = 0;
  for (const node of nodes) sum += node.id${sums};
  return sum;
}

export const byLabel${i} = (nodes: readonly Node${i}[]): Map<string, Node${i}> => new Map(nodes.map((n) => [n.label, n]));
`;
}

/** A project whose program holds FILES modules once m0 is open; its entry carries the first rule's example. */
function largeProject(): { dir: string; entry: string } {
  const dir = tmp('large');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  for (let i = 1; i < FILES; i++) fs.writeFileSync(path.join(dir, `m${i}.ts`), module(i));
  const entry = `${module(0)}\n${RULES[0]?.examples.invalid[0]}\n`;
  fs.writeFileSync(path.join(dir, 'm0.ts'), entry);
  return { dir, entry };
}

const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => String(d.code));
const rule = RULES[0];

describe('analysis worker', { skip: !rule && 'no rules registered yet' }, () => {
  it('answers while a large project builds: syntax-only findings first, other requests before the program is ready', async () => {
    const { dir: big, entry } = largeProject();
    const looseDir = tmp('loose');
    const entryUri = pathToFileURL(path.join(big, 'm0.ts')).href;
    const looseUri = pathToFileURL(path.join(looseDir, 'loose.js')).href;

    const client = new TestClient({ rootUri: pathToFileURL(big).href, settings: () => ({}) });
    const events: string[] = [];
    const bigProgram = new RegExp(`^Program of ${big.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/tsconfig\\.json ready`);
    client.onLog.push((message) => {
      if (bigProgram.test(message)) events.push('program ready');
    });
    client.onDiagnostics.push((params) => events.push(`${params.uri === entryUri ? 'entry' : params.uri === looseUri ? 'loose' : params.uri}: [${codes(params.diagnostics)}]`));
    const typedPublish = new Promise<Diagnostic[]>((resolve) => {
      client.onDiagnostics.push((params) => {
        if (params.uri === entryUri && events.includes('program ready')) resolve(params.diagnostics);
      });
    });
    try {
      await client.initialize();
      client.open(entryUri, entry);
      const first = await client.current(entryUri);

      const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: entryUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] },
      });
      events.push('code action answered');
      assert.ok(Array.isArray(actions));

      client.open(looseUri, rule.examples.invalid[0], 'javascript');
      await client.current(looseUri);
      events.push('loose file answered');

      await client.log(bigProgram, 120_000);
      const typed = await typedPublish;
      const ready = events.indexOf('program ready');
      assert.ok(ready !== -1, events.join('\n'));
      assert.ok(events.indexOf(`entry: [${codes(first)}]`) < ready, `syntax-only diagnostics before the program:\n${events.join('\n')}`);
      assert.ok(events.indexOf('code action answered') < ready, `code action before the program:\n${events.join('\n')}`);
      assert.ok(events.indexOf('loose file answered') < ready, `loose file before the program:\n${events.join('\n')}`);
      assert.ok(events.lastIndexOf(`entry: [${codes(typed)}]`) > ready, 'typed findings once the program is ready');
      assert.ok(codes(first).includes(rule.id), `the syntax-only pass already shows the finding:\n${events.join('\n')}`);
      // Findings are only added by the typed pass, never taken back.
      for (const code of codes(first)) assert.ok(codes(typed).includes(code), code);
      assert.ok(typed.some((d) => d.code === rule.id));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  for (const how of ['throw', 'oom'] as const) {
    it(`restarts the worker after it ${how === 'throw' ? 'crashes' : 'exceeds its memory cap'} and serves typed findings again`, async () => {
      const dir = tmp(`crash-${how}`);
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
      const uri = pathToFileURL(path.join(dir, 'a.ts')).href;
      const env: Record<string, string> = { PERF_HINTS_TEST_HOOKS: '1', PERF_HINTS_WORKER_MAX_MEMORY_MB: '256' };
      const client = new TestClient({ rootUri: pathToFileURL(dir).href, settings: () => ({}), env });
      try {
        await client.initialize();
        client.open(uri, rule.examples.invalid[0]);
        await client.current(uri, (d) => codes(d).includes(rule.id));

        await client.connection.sendRequest(CRASH_WORKER_TEST_REQUEST, { how });
        const stopped = await client.log(/^The analysis worker stopped/);
        if (how === 'oom') assert.match(stopped, /ERR_WORKER_OUT_OF_MEMORY/);

        client.change(uri, `${rule.examples.invalid[0]}\nexport const edited = 1;\n`);
        const diagnostics = await client.current(uri, (d) => codes(d).includes(rule.id));
        assert.ok(diagnostics.some((d) => d.code === rule.id));
        assert.equal(client.logs.filter((message) => message.startsWith('The analysis worker stopped')).length, 1, 'logged once');

        const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri }, range: diagnostics.find((d) => d.code === rule.id)!.range, context: { diagnostics: [] },
        });
        assert.ok(actions.some((a) => a.command?.command === 'perfHints.ignoreLine'), JSON.stringify(actions.map((a) => a.title)));
      } finally {
        assert.equal(await client.shutdown(), 0);
      }
    });
  }

  it('answers a request for a superseded version as cancelled, without analyzing it', async () => {
    const { dir, entry } = largeProject();
    const worker = new AnalysisWorker({ log: () => undefined });
    try {
      const slowFile = normalizeFileName(path.join(dir, 'm0.ts'));
      worker.sync(slowFile, 1, entry);
      const slow = worker.request('analyze', { fileName: slowFile, version: 1, config: DEFAULT_CONFIG });
      // Queued behind the program build: by the time it could start, version 2 has arrived.
      const file = normalizeFileName(path.join(tmp('superseded'), 'b.ts'));
      worker.sync(file, 1, rule.examples.invalid[0]);
      const first = worker.request('analyze', { fileName: file, version: 1, config: DEFAULT_CONFIG }, `analyze:${file}`);
      worker.sync(file, 2, `${rule.examples.invalid[0]}\n`);
      const second = worker.request('analyze', { fileName: file, version: 2, config: DEFAULT_CONFIG }, `analyze:${file}`);
      assert.equal(await first, undefined);
      assert.ok((await second)?.findings.some((f) => f.ruleId === rule.id));
      assert.equal((await slow)?.typed, true);
    } finally {
      await worker.terminate();
    }
  });

  it('returns a failing request as a rejected promise and keeps serving', async () => {
    const worker = new AnalysisWorker({ log: () => undefined });
    try {
      await assert.rejects(worker.request('projects', { fileNames: [42 as unknown as string] }), /TypeError/);
      const dir = tmp('after-error');
      assert.deepEqual(await worker.request('projects', { fileNames: [normalizeFileName(path.join(dir, 'x.ts'))] }), ['<inferred>']);
    } finally {
      await worker.terminate();
    }
  });

  it('publishes diagnostics without building deferred fixes', () => {
    const finding = Object.defineProperty(
      { ruleId: rule.id, family: rule.family, severity: 'warning', message: 'm', start: 0, end: 1, related: [] },
      'fixes', { enumerable: true, get: () => assert.fail('fixes were built to publish a diagnostic') },
    ) as unknown as Finding;
    const wire = toWire(finding);
    const diagnostic = toDiagnostic(TextDocument.create('file:///a.ts', 'typescript', 1, 'x;'), 1, structuredClone(wire));
    assert.equal(diagnostic.code, rule.id);
  });
});

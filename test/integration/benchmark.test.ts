import assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { activate, open, setSetting, workspaceFile } from './helpers.ts';

interface Result {
  name: string;
  n: number;
  meanNs: number;
  p50Ns: number;
  p99Ns: number;
  samples: number;
  opsPerSec: number;
}

const lenses = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
const benchmarkAt = (uri: vscode.Uri, position: vscode.Position): Promise<Result> =>
  Promise.resolve(vscode.commands.executeCommand<Result>('perfHints.benchmarkFunction', uri, position));
/** Benchmarks the function declared as `name`, through a position in the middle of its name. */
const benchmark = (document: vscode.TextDocument, name: string): Promise<Result> => {
  const offset = document.getText().search(new RegExp(`(function |const )${name}\\b`));
  assert.ok(offset >= 0, `${name} is declared in ${document.uri.path}`);
  return benchmarkAt(document.uri, document.positionAt(document.getText().indexOf(name, offset) + Math.floor(name.length / 2)));
};

/** The lenses of Perf Hints (the built-in TypeScript extension adds reference lenses of its own). */
async function benchmarkLenses(uri: vscode.Uri): Promise<{ name: string; title: string; lens: vscode.CodeLens }[]> {
  const document = await vscode.workspace.openTextDocument(uri);
  return (await lenses(uri))
    .filter((lens) => /Benchmark/.test(lens.command?.title ?? ''))
    .map((lens) => ({ name: document.getText(document.getWordRangeAtPosition(lens.range.start)), title: lens.command!.title, lens }));
}

/** Resolves once the lens provider answers with a lens: a readiness probe for the server's targets. */
async function untilLenses(uri: vscode.Uri, count: number): Promise<Awaited<ReturnType<typeof benchmarkLenses>>> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await benchmarkLenses(uri);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

suite('Benchmark CodeLens and perfHints.benchmarkFunction', () => {
  suiteSetup(async () => {
    await activate();
    await setSetting('benchmark.timeLimitSeconds', 4);
    await setSetting('benchmark.memoryLimitMb', 256);
  });
  suiteTeardown(async () => {
    await setSetting('benchmark.timeLimitSeconds', undefined);
    await setSetting('benchmark.memoryLimitMb', undefined);
  });

  test('the lens sits on benchmarkable functions only, and says when inputs cannot be generated', async () => {
    const { document } = await open('src/bench.ts');
    const found = await untilLenses(document.uri, 7);
    const names = found.map((entry) => entry.name);
    assert.deepEqual(names, ['sumNumbers', 'sortNumbers', 'sumTenThousand', 'greet', 'of', 'push', 'withCallback', 'outer']);
    assert.ok(!names.includes('inner'), 'a function nested in another is not reachable');
    const callback = found.find((entry) => entry.name === 'withCallback')!;
    assert.match(callback.title, /cannot generate inputs/);
    assert.match(callback.lens.command?.tooltip ?? '', /function type/);
  });

  test('clicking the lens runs the benchmark and writes the timing into the lens', async () => {
    const { document } = await open('src/bench.ts');
    const lens = (await untilLenses(document.uri, 7)).find((entry) => entry.name === 'greet')!;
    await vscode.commands.executeCommand(lens.lens.command!.command, ...(lens.lens.command!.arguments ?? []));
    const after = (await benchmarkLenses(document.uri)).find((entry) => entry.name === 'greet')!;
    assert.match(after.title, /^▶ Benchmark · ⏱ (≲ )?[\d.]+ (ns|µs|ms|s)\/op ±[\d.]+% · [\d.,kMG]+ ops\/s$/);
  });

  test('the numbers are sane: sorting 10,000 numbers measures well above summing them', async () => {
    const { document } = await open('src/bench.ts');
    await untilLenses(document.uri, 7);
    const sum = await benchmark(document, 'sumTenThousand');
    const sort = await benchmark(document, 'sortNumbers');
    assert.equal(sort.name, 'sortNumbers');
    assert.equal(sum.name, 'sumTenThousand');
    for (const result of [sum, sort]) {
      assert.ok(result.samples > 0 && result.meanNs > 0 && result.opsPerSec > 0, JSON.stringify(result));
      assert.ok(result.p50Ns <= result.p99Ns, JSON.stringify(result));
    }
    assert.ok(sort.meanNs > 10 * sum.meanNs, `sort ${sort.meanNs} ns vs sum ${sum.meanNs} ns`);
  });

  const hostile: [string, RegExp][] = [
    ['spinsForever', /did not finish within the 4 s time limit.*hostile\.ts:3/s],
    ['allocatesGigabytes', /ran out of memory/],
    ['exitsTheProcess', /called process\.exit\(1\).*hostile\.ts:12/],
    ['throwsAnError', /threw Error: broken on purpose.*hostile\.ts:16/],
    ['rejectsAPromise', /rejected with Error: rejected on purpose.*hostile\.ts:21/],
  ];
  for (const [name, message] of hostile) {
    test(`${name}: a clear failure, the extension host stays responsive, and the next benchmark works`, async () => {
      const { document } = await open('src/hostile.ts');
      await untilLenses(document.uri, 6);
      await assert.rejects(benchmark(document, name), (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
      assert.ok((await benchmarkLenses(document.uri)).length >= 6, 'CodeLens requests are still answered');
      const next = await benchmark(document, 'quick');
      assert.equal(next.name, 'quick');
    });
  }

  test('a position that is not on a benchmarkable function rejects with a reason', async () => {
    const { document } = await open('src/bench.ts');
    await untilLenses(document.uri, 7);
    await assert.rejects(benchmarkAt(document.uri, new vscode.Position(38, 12)), /No benchmarkable function at line 39/);
  });

  test('results come back from workspace state for an unchanged file and go stale when the function changes', async () => {
    const editor = await open('src/bench.ts');
    const before = (await benchmarkLenses(editor.document.uri)).find((entry) => entry.name === 'greet')!;
    assert.match(before.title, /⏱/, 'greet was measured by an earlier test');
    await editor.edit((edit) => edit.insert(new vscode.Position(16, 46), ' '));
    const deadline = Date.now() + 15_000;
    let title = '';
    while (!/\(stale\)/.test(title) && Date.now() < deadline) {
      title = (await benchmarkLenses(editor.document.uri)).find((entry) => entry.name === 'greet')?.title ?? '';
      if (!/\(stale\)/.test(title)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(title, /\(stale\)$/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(workspaceFile('src/bench.ts'));
  });
});

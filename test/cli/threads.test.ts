import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CRASH_HOOK_ENV } from '../../src/cli/parallel.ts';
import type { RunResult } from './helpers.ts';
import { CLI_BUNDLE, ROOT, run, SAMPLE, tree } from './helpers.ts';

/**
 * ~1.3 MB of JavaScript with findings of several rules, and a TypeScript
 * project larger than examples/ so that, run together, the two projects' programs land on
 * different threads: the worker then checks examples/ with types.
 */
function bigTree(): string {
  const files: Record<string, string> = {
    'typed/tsconfig.json': '{ "compilerOptions": { "strict": true, "target": "ES2022", "noEmit": true } }',
  };
  for (let i = 0; i < 6; i++) files[`typed/src/names-${i}.ts`] = `${SAMPLE.safeFix}${SAMPLE.unsafeFix}${'export const pad = 1;\n'.repeat(400)}`;
  const block = (file: number, n: number) => `
export function visit${n}(root) {
  const queue = [root];
  const seen = [];
  while (queue.length > 0) {
    const node = queue.shift();
    seen.push(node.id + ${file});
    queue.push(...node.children);
  }
  return seen;
}

export function merge${n}(rows) {
  let all = [];
  for (const row of rows) all = [...all, ...row.items];
  return all.filter((item) => [...new Set(rows)].length > ${n});
}

export function lookup${n}(users, ids) {
  return users.filter((user) => ids.includes(user.id)).map((user) => ({ ...user, file: ${file} }));
}
`;
  for (let f = 0; f < 100; f++) {
    files[`js/part-${String(f).padStart(3, '0')}.js`] = Array.from({ length: 25 }, (_, n) => block(f, n)).join('');
  }
  return tree(files);
}

describe('--threads', () => {
  let bigRun: { argv: string[]; single: RunResult } | undefined;
  /** The tree and its single-threaded output, made once for the tests that compare with it. */
  const big = async () => {
    if (!bigRun) {
      const argv = ['examples/', bigTree(), '--format', 'json'];
      bigRun = { argv, single: await run([...argv, '--threads', '1'], ROOT) };
    }
    return bigRun;
  };

  it('gives byte-identical output on one thread and on two, and survives a worker crash', async () => {
    const { argv, single } = await big();
    assert.equal(single.stderr, '');
    assert.ok(single.stdout.length > 100_000, 'the tree yields findings');
    assert.match(single.stdout, /"file": "examples\/src\/utils\/dedupe\.js"/);

    const parallel = await run([...argv, '--threads', '2'], ROOT);
    assert.equal(parallel.stderr, '');
    assert.equal(parallel.code, single.code);
    assert.ok(parallel.stdout === single.stdout, 'JSON output differs between --threads 1 and --threads 2');

    const crashed = await run([...argv, '--threads', '2'], ROOT, { env: { [CRASH_HOOK_ENV]: '2' } });
    assert.match(crashed.stderr, /^perf-hints: warning: a worker thread stopped \(test crash at job 2\); analyzing its remaining [1-9]\d* file\(s\) on the main thread\n$/);
    assert.equal(crashed.code, single.code);
    assert.ok(crashed.stdout === single.stdout, 'a crashed worker lost or changed findings');
  });

  it('starts dist/cli-worker.js from the bundle', async () => {
    const worker = path.join(path.dirname(CLI_BUNDLE), 'cli-worker.js');
    assert.doesNotMatch(fs.readFileSync(worker, 'utf8'), /require\("vscode"\)/);
    const { argv, single } = await big();
    // A crash at its second job shows the worker loaded and its first job's findings were kept.
    const built = spawnSync(process.execPath, [CLI_BUNDLE, ...argv, '--threads', '2'], {
      cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, [CRASH_HOOK_ENV]: '2' },
    });
    assert.match(built.stderr, /^perf-hints: warning: a worker thread stopped \(test crash at job 2\)/);
    assert.ok(built.stdout === single.stdout, 'the bundle and the sources disagree');
  });

  it('rejects a bad thread count with exit code 2', async () => {
    const dir = tree({ 'a.js': SAMPLE.jsQueue });
    for (const value of ['0', '-1', 'two', '1.5', '65', '']) {
      const result = await run([`--threads=${value}`], dir);
      assert.equal(result.code, 2, `--threads "${value}"`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /^perf-hints: --threads expects a whole number from 1 to 64, got ".*"\n/, `--threads "${value}"`);
    }
    for (const argv of [['--threads'], ['--threads', '-1']]) {
      const result = await run(argv, dir);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, /^perf-hints: [^\n]+\nRun "perf-hints --help" for usage\.\n$/, argv.join(' '));
    }
    assert.equal((await run(['--threads', '1'], dir)).code, 0);
  });
});

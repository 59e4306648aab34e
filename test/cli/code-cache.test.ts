/**
 * The built CLI (dist/cli.js) keeps V8's compiled code of TypeScript and its own bundle between runs
 * (src/cli/code-cache.ts). These tests run it in fresh processes with a cache folder of their own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLI_BUNDLE, SAMPLE, tree } from './helpers.ts';

/** Where env-paths puts the cache on each platform, pointed into `home`. */
function cacheEnv(home: string): NodeJS.ProcessEnv {
  const { NODE_DISABLE_COMPILE_CACHE: _, ...env } = process.env;
  return { ...env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), LOCALAPPDATA: path.join(home, 'AppData') };
}

function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [CLI_BUNDLE, ...argv], { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface CacheFile {
  size: number;
  mode: number;
  /** A cache is replaced by renaming a new file over it: a new inode. */
  ino: number;
  mtimeMs: number;
}

/** The cache files under `home`, by path. */
function caches(home: string): Map<string, CacheFile> {
  const found = new Map<string, CacheFile>();
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const { size, mode, ino, mtimeMs } = fs.statSync(full);
        found.set(full, { size, mode, ino, mtimeMs });
      }
    }
  };
  walk(home);
  return found;
}

describe('code cache', () => {
  const project = tree({ 'src/names.ts': SAMPLE.safeFix, 'src/queue.js': SAMPLE.jsQueue });

  it('is written after a run that analyzed files, and used as it is by the next run', () => {
    const home = tree({});
    const env = cacheEnv(home);
    const first = cli(['--format', 'json'], project, env);
    assert.equal(first.stderr, '');
    const written = caches(home);
    const names = [...written.keys()].map((file) => path.basename(file).replace(/-[0-9a-f]{32}\.bin$/, '')).sort();
    assert.deepEqual(names, ['cli-bundle.js', 'typescript.js']);
    for (const [file, { size, mode }] of written) {
      assert.ok(size > 10_000, `${file}: ${size} bytes`);
      if (process.platform !== 'win32') assert.equal(mode & 0o077, 0, `${file} is private to its user`);
    }

    const second = cli(['--format', 'json'], project, env);
    assert.deepEqual([second.code, second.stdout, second.stderr], [first.code, first.stdout, first.stderr]);
    // A cache V8 rejected would be written again: unchanged files mean both were accepted.
    assert.deepEqual(caches(home), written);
    assert.ok(JSON.parse(second.stdout).length >= 2);
  });

  it('is not written by runs that analyze nothing', () => {
    const home = tree({});
    const env = cacheEnv(home);
    assert.equal(cli(['--help'], project, env).code, 0);
    assert.equal(cli(['--nope'], project, env).code, 2);
    assert.deepEqual([...caches(home).keys()], []);
  });

  it('replaces a damaged cache, and the run reports the same', () => {
    const home = tree({});
    const env = cacheEnv(home);
    const expected = cli(['--format', 'json'], project, env);
    const written = caches(home);
    for (const file of written.keys()) fs.truncateSync(file, 1000);
    const damaged = cli(['--format', 'json'], project, env);
    assert.deepEqual([damaged.code, damaged.stdout, damaged.stderr], [expected.code, expected.stdout, expected.stderr]);
    const rewritten = caches(home);
    assert.deepEqual([...rewritten.keys()], [...written.keys()]);
    // Not byte for byte the same: which functions V8 holds compiled when the cache is made varies a little.
    for (const [file, { size, ino }] of rewritten) {
      assert.notEqual(ino, written.get(file)?.ino, `${file} written again`);
      assert.ok(size > 10_000, `${file} written whole: ${size} bytes`);
    }
  });

  it('is not kept, and the run goes on, without an absolute home folder', () => {
    const expected = cli(['--format', 'json'], project, cacheEnv(tree({})));
    const before = fs.readdirSync(project);
    // An empty HOME must not put the cache in the working directory, the user's project.
    const empty = cli(['--format', 'json'], project, { ...cacheEnv(''), XDG_CACHE_HOME: '', LOCALAPPDATA: '' });
    assert.deepEqual([empty.code, empty.stdout, empty.stderr], [expected.code, expected.stdout, expected.stderr]);
    assert.deepEqual(fs.readdirSync(project), before);
    if (process.getuid?.() !== 0) return;
    // As root, also a user with no passwd entry and no HOME (a container's bare uid), where Node cannot name a home folder.
    fs.chmodSync(project, 0o755);
    const { HOME: _, XDG_CACHE_HOME: __, ...homeless } = cacheEnv('');
    const result = spawnSync('setpriv', ['--reuid', '54321', '--regid', '54321', '--clear-groups', process.execPath, CLI_BUNDLE, '--format', 'json'], {
      cwd: project, env: homeless, encoding: 'utf8',
    });
    assert.deepEqual([result.status, result.stdout, result.stderr], [expected.code, expected.stdout, expected.stderr]);
  });

  it('costs nothing but itself when it cannot be written or is turned off', () => {
    const expected = cli(['--format', 'json'], project, cacheEnv(tree({})));
    const home = tree({ '.cache': 'a file where the cache folder would go', AppData: 'likewise' });
    const unwritable = cli(['--format', 'json'], project, cacheEnv(home));
    assert.deepEqual([unwritable.code, unwritable.stdout, unwritable.stderr], [expected.code, expected.stdout, expected.stderr]);

    const off = tree({});
    const disabled = cli(['--format', 'json'], project, { ...cacheEnv(off), NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual([disabled.code, disabled.stdout], [expected.code, expected.stdout]);
    assert.deepEqual([...caches(off).keys()], []);
  });
});

/**
 * Every CLI run compiles TypeScript's 9 MB compiler and the CLI's own bundle to bytecode again,
 * function by function as the run first calls them: about a tenth of a run over a large folder.
 * V8 can hand that work back as a code cache. This keeps one per script, written after a run that
 * analyzed files, so it holds the functions an analysis compiles and not just the ones startup needs
 * (Node 22's built-in `module.enableCompileCache`, which tsc and ESLint turn on, keeps what the
 * first run compiled, even if that run only printed `--help`, and Node 20 has none). Each cache is
 * named after a hash of the script's text and the V8 version, so an updated TypeScript, CLI or Node
 * never meets a stale one (V8 rejects a cache from another V8 or other flags, but of the text it
 * checks only the length). Caches live in the user's cache folder, never in a shared temp folder
 * other users could write to, and without one there is no cache. `NODE_DISABLE_COMPILE_CACHE=1`,
 * Node's own switch, turns it off.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

export interface CodeCache {
  /** `require(filename)` for a CommonJS file, compiled from its cache when there is one. */
  load(filename: string): unknown;
  /** Writes the caches of the files loaded without one; call once the process has done its typical work. */
  save(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

interface Pending {
  script: vm.Script;
  file: string;
}

export function openCodeCache(env: Env): CodeCache {
  const dir = env.NODE_DISABLE_COMPILE_CACHE ? undefined : userCacheDir(env);
  return dir ? scriptCache(path.join(dir, 'perf-hints', 'code')) : { load: (filename) => require(filename), save: () => {} };
}

/**
 * The user's cache folder, where env-paths and the XDG spec put it; none without an absolute home.
 * Not env-paths itself: it reads the home folder as it loads, which throws where there is none (a
 * container user with no passwd entry and no HOME), and with HOME empty it names a folder relative to
 * the working directory, the user's project.
 */
function userCacheDir(env: Env): string | undefined {
  const home = (...parts: string[]) => {
    try {
      return path.join(os.homedir(), ...parts);
    } catch {
      return '';
    }
  };
  const dir = process.platform === 'win32' ? env.LOCALAPPDATA || home('AppData', 'Local')
    : process.platform === 'darwin' ? home('Library', 'Caches')
    : env.XDG_CACHE_HOME || home('.cache');
  return path.isAbsolute(dir) ? dir : undefined;
}

function scriptCache(dir: string): CodeCache {
  const pending: Pending[] = [];
  return {
    load(filename) {
      const resolved = require.resolve(filename);
      const loaded = require.cache[resolved];
      if (loaded) return loaded.exports;
      const source = fs.readFileSync(resolved, 'utf8');
      const digest = createHash('sha256').update(source).update(process.versions.v8).digest('hex').slice(0, 32);
      const file = path.join(dir, `${path.basename(resolved)}-${digest}.bin`);
      const cachedData = readIfPresent(file);
      const script = new vm.Script(Module.wrap(source), {
        filename: resolved,
        cachedData,
        // Lets the script's own `import()` work as under `require` (Node ≥ 20.12).
        importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      } as vm.ScriptOptions);
      if (!cachedData || script.cachedDataRejected) pending.push({ script, file });
      return run(script, resolved);
    },
    save() {
      for (const { script, file } of pending.splice(0)) write(file, script.createCachedData());
    },
  };
}

/** Runs a compiled CommonJS wrapper as `require` would, registered so later `require`s get the same exports. */
function run(script: vm.Script, filename: string): unknown {
  const module = new Module(filename);
  module.filename = filename;
  require.cache[filename] = module;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  try {
    wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
  } catch (error) {
    delete require.cache[filename];
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Whole or not at all: a temporary file renamed into place, so a concurrent run never reads half a cache. */
function write(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    // A cache that cannot be written (read-only home, full disk) costs the next run its head start, nothing
    // else; the temporary file may not even exist, so removing it reports nothing either.
    fs.rm(temporary, { force: true }, () => {});
  }
}

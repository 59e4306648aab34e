// One esbuild context per runtime. `node esbuild.mjs` builds once, `--production` minifies without
// source maps, `--watch` rebuilds on change. Type errors are `npm run typecheck`'s job (tsc --noEmit).
import fs from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Adding a runtime is one line here. `typescript` stays external everywhere: bundled it would add
 * ~9 MB per entry, and it is a runtime dependency of the package anyway. `vscode` only exists inside
 * the extension host.
 */
const ENTRIES = [
  // The CLI: two small launchers (the command, and its worker threads, which src/cli/parallel.ts finds
  // next to it) that load the bundle holding everything else through V8's code cache (src/cli/code-cache.ts).
  { entry: 'src/cli/main.ts', outfile: 'dist/cli.js', platform: 'node', banner: '#!/usr/bin/env node' },
  { entry: 'src/cli/worker-main.ts', outfile: 'dist/cli-worker.js', platform: 'node' },
  { entry: 'src/cli/bundle.ts', outfile: 'dist/cli-bundle.js', platform: 'node' },
  { entry: 'src/server/main.ts', outfile: 'dist/server.js', platform: 'node', banner: '#!/usr/bin/env node' },
  // Started by the server as a worker thread (src/server/worker-client.ts finds it next to dist/server.js).
  { entry: 'src/server/analysis-worker.ts', outfile: 'dist/analysis-worker.js', platform: 'node' },
  // esbuild bundles the user's code for a benchmark; its native binary cannot be bundled.
  { entry: 'src/extension/main.ts', outfile: 'dist/extension.js', platform: 'node', external: ['esbuild'] },
  // Benchmark worker, one per run (src/runner/run.ts finds it next to the bundle that holds the runner host).
  { entry: 'src/runner/worker.ts', outfile: 'dist/runner-worker.js', platform: 'node' },
  // Integration suites run inside a real VS Code's extension host; mocha is loaded from node_modules
  // so the suites and the runner in index.js share one instance.
  { entry: 'bench/editor/index.ts', outfile: 'out/bench-editor/index.js', platform: 'node' },
  ...fs.readdirSync('test/integration').filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => ({
    entry: `test/integration/${name}`, outfile: `out/integration/${name.replace(/\.ts$/, '.js')}`, platform: 'node', external: ['mocha'],
  })),
];

/** Makes a bin entry executable and reports the outcome of each (re)build in watch mode. */
function afterBuild(target) {
  return {
    name: 'after-build',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length === 0 && target.banner?.startsWith('#!')) fs.chmodSync(target.outfile, 0o755);
        if (watch) console.log(`[watch] ${target.outfile}: ${result.errors.length ? 'failed' : 'built'}`);
      });
    },
  };
}

function options(target) {
  return {
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: target.platform,
    format: target.platform === 'node' ? 'cjs' : 'iife',
    target: target.platform === 'node' ? 'node20' : 'es2022',
    // esbuild runs benchmarks' bundles at run time and cannot bundle itself (it drives a native binary).
    external: ['typescript', 'vscode', 'esbuild', ...(target.external ?? [])],
    banner: target.banner ? { js: target.banner } : undefined,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'warning',
    plugins: [afterBuild(target)],
  };
}

const contexts = await Promise.all(ENTRIES.map((target) => esbuild.context(options(target))));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (results.some((result) => result.status === 'rejected')) process.exit(1);
}

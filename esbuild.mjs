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
  { entry: 'src/cli/main.ts', outfile: 'dist/cli.js', platform: 'node', banner: '#!/usr/bin/env node' },
  // The CLI's worker threads (src/cli/parallel.ts finds it next to dist/cli.js).
  { entry: 'src/cli/worker.ts', outfile: 'dist/cli-worker.js', platform: 'node' },
  { entry: 'src/server/main.ts', outfile: 'dist/server.js', platform: 'node', banner: '#!/usr/bin/env node' },
  // Started by the server as a worker thread (src/server/worker-client.ts finds it next to dist/server.js).
  { entry: 'src/server/analysis-worker.ts', outfile: 'dist/analysis-worker.js', platform: 'node' },
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
    external: ['typescript', 'vscode', ...(target.external ?? [])],
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

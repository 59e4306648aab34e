/**
 * The runner host is loaded by the extension on the first benchmark and the worker once per run:
 * both stay small, and neither pulls in `typescript` or `vscode` (the target finder, which needs
 * TypeScript, lives in the server).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = path.join(__dirname, '..', '..');

async function bundled(entry: string): Promise<{ bytes: number; inputs: string[]; imports: string[] }> {
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)], bundle: true, write: false, platform: 'node', format: 'cjs', target: 'node20',
    external: ['esbuild', 'typescript', 'vscode'], metafile: true, minify: true, logLevel: 'silent', outfile: 'out.js',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    bytes: result.outputFiles.find((file) => file.path.endsWith('.js'))?.contents.length ?? 0,
    inputs: Object.keys(result.metafile.inputs),
    imports: (output?.imports ?? []).map((found) => found.path),
  };
}

describe('runner bundles', () => {
  it('the host (run.ts) imports only Node built-ins and esbuild, lazily, and stays small', async () => {
    const host = await bundled('src/runner/run.ts');
    assert.deepEqual(host.imports.filter((name) => !name.startsWith('node:')), ['esbuild']);
    assert.ok(host.inputs.every((input) => input.startsWith('src/runner/')), host.inputs.join(', '));
    assert.ok(host.bytes < 24_000, `${host.bytes} bytes`);
  });

  it('the worker carries tinybench but not TypeScript, esbuild or vscode', async () => {
    const worker = await bundled('src/runner/worker.ts');
    assert.deepEqual(worker.imports.filter((name) => !name.startsWith('node:')), []);
    assert.ok(worker.inputs.some((input) => input.includes('node_modules/tinybench/')));
    assert.ok(worker.bytes < 40_000, `${worker.bytes} bytes`);
  });
});

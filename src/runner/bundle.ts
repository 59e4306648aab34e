/**
 * Bundles the target's module with everything it imports, in memory: TypeScript and JavaScript,
 * ESM and CommonJS, `tsconfig` paths and `node_modules` (esbuild reads the nearest tsconfig of
 * each file). Node built-ins stay `require`s. The target file gets an appendix that hands the
 * worker the function, its `@bench` arguments and its instance setup, written in the module's own
 * scope: so non-exported functions are reachable, and tag expressions see the module's names.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchRequest, BenchTarget, HelperName } from './protocol.ts';
import { HOOKS_KEY, NAMESPACE_KEY } from './protocol.ts';
/** The bundle evaluates to this function, called by the worker like Node calls a CommonJS module. */
const WRAPPER_OPEN = '(function (exports, require, module, __filename, __dirname) {';
const WRAPPER_CLOSE = '})';

export interface Bundle {
  code: string;
  /** Virtual path of the bundle (next to the module, so map sources resolve); never written. */
  bundleFile: string;
  map: unknown;
  /** The module's text as bundled. */
  text: string;
}

/** A build failure with esbuild's first error located in the user's file. */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly location: { file: string; line: number; column: number } | undefined,
  ) {
    super(message);
  }
}

function withHelpers(helpers: readonly HelperName[], expression: string): string {
  const names = helpers.length ? `const { ${helpers.join(', ')} } = __perfHints;\n` : '';
  return `(__perfHints) => {\n${names}return (${expression}\n);\n}`;
}

/** The code appended to the target's module; `null` bindings are reached through the default export. */
export function appendix(target: BenchTarget): string {
  const entries: string[] = [];
  const access = target.access;
  if (access.kind === 'selection') {
    const body = access.expression ? `return (${access.code}\n);` : access.code;
    entries.push(`target: () => ${access.async ? 'async ' : ''}function () {\n${body}\n}`);
  } else if (access.binding !== null) {
    entries.push(`target: () => ${access.binding}`);
  }
  if (access.kind === 'instance' && access.setup !== null) entries.push(`setup: ${withHelpers(access.setupHelpers, access.setup)}`);
  if (target.input.kind === 'tag') entries.push(`args: ${withHelpers(target.input.helpers, target.input.expression)}`);
  return `\n;globalThis[Symbol.for(${JSON.stringify(HOOKS_KEY)})] = {\n${entries.join(',\n')}\n};\n`;
}

function loaderFor(file: string): 'ts' | 'tsx' | 'js' | 'jsx' {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.tsx') return 'tsx';
  if (extension === '.jsx') return 'jsx';
  return ['.ts', '.mts', '.cts'].includes(extension) ? 'ts' : 'js';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function bundle(request: BenchRequest): Promise<Bundle> {
  // Loaded on first use: the extension pays for esbuild only when someone benchmarks.
  const esbuild = await import('esbuild');
  const file = path.resolve(request.file);
  const text = request.text ?? fs.readFileSync(file, 'utf8');
  const contents = new Map<string, string>(Object.entries(request.overlays ?? {}).map(([name, value]) => [path.resolve(name), value]));
  contents.set(file, text + appendix(request.target));
  const bundleFile = `${file}.perf-hints-bench.js`;
  const entry = `import * as namespace from ${JSON.stringify(file)};\nglobalThis[Symbol.for(${JSON.stringify(NAMESPACE_KEY)})] = namespace;\n`;
  try {
    const result = await esbuild.build({
      stdin: { contents: entry, resolveDir: path.dirname(file), sourcefile: 'perf-hints-entry.js', loader: 'js' },
      absWorkingDir: path.dirname(file),
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      outfile: bundleFile,
      sourcemap: 'external',
      sourcesContent: false,
      banner: { js: WRAPPER_OPEN },
      footer: { js: WRAPPER_CLOSE },
      logLevel: 'silent',
      plugins: [{
        name: 'perf-hints-overlays',
        setup(build) {
          const filter = new RegExp(`^(${[...contents.keys()].map(escapeRegExp).join('|')})$`);
          build.onLoad({ filter }, (args) => {
            const overlay = contents.get(args.path);
            return overlay === undefined ? undefined : { contents: overlay, loader: loaderFor(args.path) };
          });
        },
      }],
    });
    const code = result.outputFiles.find((output) => output.path.endsWith('.js'))?.text ?? '';
    const map = JSON.parse(result.outputFiles.find((output) => output.path.endsWith('.map'))?.text ?? '{}') as unknown;
    return { code, bundleFile, map, text };
  } catch (error) {
    const failure = error as { errors?: { text: string; location: { file: string; line: number; column: number } | null }[] };
    const first = failure.errors?.[0];
    if (!first) throw error;
    const location = first.location
      ? { file: path.resolve(path.dirname(file), first.location.file), line: first.location.line, column: first.location.column + 1 }
      : undefined;
    throw new BundleError(first.text, location);
  }
}

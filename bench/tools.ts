import fs from 'node:fs';
import path from 'node:path';
import { ESLINT_BIN, OUR_CLI, OXLINT_BIN, PEERS_DIR, ROOT, SCRATCH } from './setup.ts';

/** One finding from any tool, located by file (relative to the repository) and 1-based line. */
export interface Located {
  rule: string;
  file: string;
  line: number;
  message: string;
}

export interface Command {
  command: string;
  args: string[];
  /** Exit codes that mean "ran fine" (linters exit 1 when they find something). */
  ok: number[];
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

export const ESLINT_RULES = ['no-await-in-loop', 'unicorn/prefer-set-has', 'unicorn/no-useless-spread'] as const;
export const OXLINT_RULES = ['oxc/no-accumulating-spread'] as const;

const ESLINT_CONFIG = path.join(PEERS_DIR, 'eslint.config.mjs');
export const PARSE_BUNDLE = path.join(SCRATCH, 'build', 'parse-only.cjs');

/** Only the peer rules we compare with: no other plugin, and inline directives for rules we did not load are ignored. */
export function writeEslintConfig(): void {
  const rules = Object.fromEntries(ESLINT_RULES.map((id) => [id, 'error']));
  fs.writeFileSync(
    ESLINT_CONFIG,
    `import unicorn from 'eslint-plugin-unicorn';

export default [
  // The corpus lives in node_modules, which ESLint skips unless told otherwise.
  { ignores: ['!**/node_modules/'] },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    plugins: { unicorn },
    rules: ${JSON.stringify(rules)},
  },
];
`,
  );
}

export async function bundleParseReference(): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench', 'parse-only.ts')],
    outfile: PARSE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['typescript'],
    logLevel: 'warning',
  });
}

/** Files are passed one by one (relative to the repository) so every tool sees exactly the same set. */
export function commands(files: readonly string[]): Record<'parse' | 'ours' | 'eslint' | 'oxlint', Command> {
  const rel = files.map((f) => path.relative(ROOT, f));
  return {
    parse: { command: process.execPath, args: [PARSE_BUNDLE, ...rel], ok: [0] },
    // .bench/ is gitignored and the CLI, like ESLint, skips ignored paths even when named.
    ours: { command: process.execPath, args: [OUR_CLI, '--no-ignore', '--format', 'json', ...rel], ok: [0, 1] },
    eslint: {
      command: process.execPath,
      args: [ESLINT_BIN, '--config', ESLINT_CONFIG, '--no-inline-config', '--format', 'json', ...rel],
      ok: [0, 1],
    },
    // One thread, like the other tools; .bench/ is gitignored but files named explicitly are still linted.
    oxlint: {
      command: OXLINT_BIN,
      args: ['--threads=1', '-A', 'all', ...OXLINT_RULES.flatMap((r) => ['-D', r]), '--format', 'json', ...rel],
      ok: [0, 1],
    },
  };
}

function relative(file: string): string {
  return path.relative(ROOT, path.resolve(ROOT, file));
}

export function parseEslint(stdout: string): { files: number; findings: Located[] } {
  const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
  const findings = results.flatMap((r) =>
    r.messages.map((m) => ({ rule: m.ruleId ?? '(parse error)', file: relative(r.filePath), line: m.line, message: m.message })),
  );
  return { files: results.length, findings };
}

export function parseOxlint(stdout: string): { files: number; findings: Located[] } {
  const out = JSON.parse(stdout) as {
    number_of_files: number;
    diagnostics: { code: string; filename: string; message: string; labels: { label?: string; span: { line: number } }[] }[];
  };
  const findings = out.diagnostics.map((d) => ({
    // "oxc(no-accumulating-spread)" → "oxc/no-accumulating-spread", the name the CLI takes.
    rule: d.code.replace(/^(\w[\w-]*)\((.*)\)$/, '$1/$2'),
    file: relative(d.filename),
    // The spread is where the cost is; the other labels point at the loop or the declaration.
    line: (d.labels.find((l) => /spread/i.test(l.label ?? '')) ?? d.labels[0])?.span.line ?? 0,
    message: d.message,
  }));
  return { files: out.number_of_files, findings };
}

/** Our CLI's `--format json`: a flat array of findings with a 1-based `line` and the file as displayed. */
export function parseOurs(stdout: string): Located[] {
  const findings = JSON.parse(stdout) as { file: string; line: number; ruleId: string; message: string }[];
  return findings.map((f) => ({ rule: f.ruleId, file: relative(f.file), line: f.line, message: f.message }));
}

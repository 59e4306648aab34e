import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { JsonFinding } from '../../src/cli/format/json.ts';
import { runCli } from '../../src/cli/run.ts';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js');

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path → text); removed when the test file ends. */
export function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'perf-hints-cli-')));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process, as `perf-hints …argv` started in `cwd`. */
export async function run(argv: string[], cwd: string, options: { tty?: boolean; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    cwd,
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

export async function runJson(argv: string[], cwd: string): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const result = await run([...argv, '--format', 'json'], cwd);
  return { code: result.code, findings: JSON.parse(result.stdout) as JsonFinding[], stderr: result.stderr };
}

/** Code with one finding per rule named in the comments, stable across rule refinements. */
export const SAMPLE = {
  /** accumulating-spread with a SAFE fix (array accumulator seeded with a fresh literal). */
  safeFix: `export function names(users: { name: string }[]) {
  return users.reduce((acc, user) => [...acc, user.name], [] as string[]);
}
`,
  /** accumulating-spread whose only fix is UNSAFE (a string key could be '__proto__'). */
  unsafeFix: `export function totals(entries: [string, number][]) {
  return entries.reduce((acc, [key, value]) => ({ ...acc, [key]: value }), {} as Record<string, number>);
}
`,
  /** shift-in-loop, found from syntax alone. */
  jsQueue: `export function visit(root) {
  const queue = [root];
  const seen = [];
  while (queue.length > 0) {
    const node = queue.shift();
    seen.push(node.id);
    queue.push(...node.children);
  }
  return seen;
}
`,
  clean: `export const add = (a: number, b: number) => a + b;\n`,
};

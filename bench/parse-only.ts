/**
 * The reference every timing in `npm run bench` is divided by: read each file and build its
 * TypeScript syntax tree exactly as the engine's `parse` does, nothing else. Bundled to
 * .bench/build/parse-only.cjs and run in a fresh process like the CLIs it is compared with.
 */
import fs from 'node:fs';
import ts from 'typescript';

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS,
};

let statements = 0;
for (const file of process.argv.slice(2)) {
  const ext = file.slice(file.lastIndexOf('.'));
  const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, KINDS[ext] ?? ts.ScriptKind.TS);
  statements += sourceFile.statements.length;
}
process.stdout.write(JSON.stringify({ files: process.argv.length - 2, statements }) + '\n');

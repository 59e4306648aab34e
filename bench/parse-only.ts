/**
 * The reference every timing in `npm run bench` is divided by: read each file and build its
 * TypeScript syntax tree, nothing else. By default with `createSourceFile`'s defaults — bare parsing
 * as anyone would call it. With `--lean`, with the options the CLI itself parses with when there is
 * no checker (no JSDoc, no parent pointers: `parseSyntaxOnly` in src/cli/programs.ts), so the ratio
 * is the CLI's own cost on top of the parse it cannot avoid. Bundled to .bench/build/parse-only.cjs
 * and run in a fresh process like the CLIs it is compared with.
 */
import fs from 'node:fs';
import ts from 'typescript';

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS,
};

const lean = process.argv[2] === '--lean';
const files = process.argv.slice(lean ? 3 : 2);
const options: ts.CreateSourceFileOptions = lean
  ? { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }
  : { languageVersion: ts.ScriptTarget.Latest };
let statements = 0;
for (const file of files) {
  const ext = file.slice(file.lastIndexOf('.'));
  const sourceFile = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), options, false, KINDS[ext] ?? ts.ScriptKind.TS);
  statements += sourceFile.statements.length;
}
process.stdout.write(JSON.stringify({ files: files.length, statements }) + '\n');

import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import vm from 'node:vm';
import { analyzeSourceFile, isAnalyzable } from '../../src/core/engine.ts';
import type { Finding, Rule } from '../../src/core/types.ts';

const libCache = new Map<string, ts.SourceFile>();
const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  allowJs: true,
  checkJs: true,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** A one-file program with the default lib parsed once per test process, so typed analysis stays fast. */
export function typedSourceFile(fileName: string, text: string): { sourceFile: ts.SourceFile; checker: ts.TypeChecker } {
  const host = ts.createCompilerHost(compilerOptions, true);
  const readLib = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion) => {
    if (name === fileName) return ts.createSourceFile(name, text, languageVersion, true);
    let cached = libCache.get(name);
    if (!cached) {
      cached = readLib(name, languageVersion);
      if (cached) libCache.set(name, cached);
    }
    return cached;
  };
  host.fileExists = (name) => name === fileName || ts.sys.fileExists(name);
  const program = ts.createProgram({ rootNames: [fileName], options: compilerOptions, host });
  const sourceFile = program.getSourceFile(fileName);
  if (!sourceFile) throw new Error(`no source file for ${fileName}`);
  return { sourceFile, checker: program.getTypeChecker() };
}

export function analyzeTyped(fileName: string, text: string, rules?: readonly Rule[]): Finding[] {
  const { sourceFile, checker } = typedSourceFile(fileName, text);
  return analyzeSourceFile(sourceFile, {
    checker,
    rules,
    onRuleError: (rule, error) => {
      throw new Error(`rule ${rule.id} threw on ${fileName}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
}

/** Syntax errors in a text, as messages; a fix must never produce one. */
export function syntaxErrors(fileName: string, text: string): string[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true) as ts.SourceFile & {
    parseDiagnostics: ts.Diagnostic[];
  };
  return sourceFile.parseDiagnostics.map((d) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** Loads a TS/JS module text in a fresh context and returns its exports. */
export function loadModule(fileName: string, text: string): Record<string, unknown> {
  const output = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const context = vm.createContext({ module, exports: module.exports, console, require: () => ({}) });
  vm.runInContext(output, context, { filename: fileName, timeout: 5000 });
  return module.exports;
}

/** Deterministic pseudo-random numbers so equivalence inputs are reproducible (the benchmark inputs' generator). */
export { seededRandom } from '../../src/runner/inputs.ts';

export const ROOT = path.resolve(__dirname, '..', '..');

/** The analyzable files under `dirs` (relative to the repository), in a stable order, as absolute paths. */
export function analyzableFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isAnalyzable(entry.name)) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(ROOT, dir));
  return out;
}

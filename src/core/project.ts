import path from 'node:path';
import ts from 'typescript';

/** Options for files that belong to no tsconfig/jsconfig: JS checked through JSDoc, nothing resolved beyond the file. */
export const INFERRED_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
  checkJs: false,
  jsx: ts.JsxEmit.Preserve,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

/** The nearest tsconfig.json or jsconfig.json above `fileName`, if any. */
export function findProjectConfig(fileName: string): string | undefined {
  const dir = path.dirname(path.resolve(fileName));
  return ts.findConfigFile(dir, ts.sys.fileExists, 'tsconfig.json') ?? ts.findConfigFile(dir, ts.sys.fileExists, 'jsconfig.json');
}

export interface ProjectSettings {
  options: ts.CompilerOptions;
  fileNames: string[];
  errors: string[];
}

export function readProject(configPath: string): ProjectSettings {
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) {
    return { options: INFERRED_OPTIONS, fileNames: [], errors: [ts.flattenDiagnosticMessageText(read.error.messageText, '\n')] };
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath), { noEmit: true }, configPath);
  return {
    options: { ...parsed.options, noEmit: true },
    fileNames: parsed.fileNames,
    errors: parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')),
  };
}

/** ES2025 iterator helpers (`values().map().toArray()`) are typed by lib esnext.iterator / es2025 and emitted by targets that have them. */
export function supportsIteratorHelpers(options: ts.CompilerOptions): boolean {
  const libs = (options.lib ?? []).map((l) => l.toLowerCase());
  if (libs.some((l) => l.includes('esnext') || l.includes('es2025'))) return true;
  return libs.length === 0 && (options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ESNext;
}

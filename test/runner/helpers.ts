import path from 'node:path';
import ts from 'typescript';
import type { BenchTarget } from '../../src/runner/protocol.ts';
import { findBenchTargets } from '../../src/runner/targets.ts';

export const FIXTURES = path.join(__dirname, 'fixtures');

const OPTIONS: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowJs: true, checkJs: true, noEmit: true, skipLibCheck: true };
/** Files from disk (libs, @types/node) parsed once for all the programs of a test file. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** A program over `files` (absolute paths); `texts` replaces what disk holds for some of them. */
export function program(files: string[], texts: Record<string, string> = {}, options: ts.CompilerOptions = OPTIONS): ts.Program {
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => texts[name] ?? readFile(name);
  host.fileExists = (name) => name in texts || fileExists(name);
  host.getSourceFile = (name, version, onError, create) => {
    if (name in texts) return ts.createSourceFile(name, texts[name] as string, version, true);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, version, onError, create));
    return parsed.get(name);
  };
  return ts.createProgram(files, options, host);
}

/** The targets of an in-memory module, typed unless `typed` is false. */
export function targetsOf(text: string, { typed = true, name = '/virtual/module.ts' } = {}): { targets: BenchTarget[]; sourceFile: ts.SourceFile; checker: ts.TypeChecker } {
  const built = program([name], { [name]: text }, { ...OPTIONS, types: [] });
  const sourceFile = built.getSourceFile(name) as ts.SourceFile;
  const checker = built.getTypeChecker();
  return { targets: findBenchTargets(sourceFile, typed ? checker : undefined), sourceFile, checker };
}

/** The targets of a fixture file, typed. */
export function fixtureTargets(file: string): Map<string, BenchTarget> {
  const fileName = path.join(FIXTURES, file);
  const built = program([fileName]);
  const targets = findBenchTargets(built.getSourceFile(fileName) as ts.SourceFile, built.getTypeChecker());
  return new Map(targets.map((target) => [target.name, target]));
}

export function byName(targets: readonly BenchTarget[], name: string): BenchTarget {
  const found = targets.find((target) => target.name === name);
  if (!found) throw new Error(`no target ${name} among ${targets.map((target) => target.name).join(', ')}`);
  return found;
}

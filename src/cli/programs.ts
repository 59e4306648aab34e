import path from 'node:path';
import ts from 'typescript';
import { scriptKindOf } from '../core/engine.ts';
import { findProjectConfig, INFERRED_OPTIONS, readProject, supportsIteratorHelpers } from '../core/project.ts';

/** One file ready for the engine: its tree, and a checker when its project is type-checked. */
export interface AnalysisUnit {
  file: string;
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker | undefined;
  iteratorHelpers: boolean;
}

/**
 * Files that share compiler options: one tsconfig/jsconfig project, or the loose files. Plain data,
 * so a group can be handed to a worker thread as it is.
 */
export interface ProjectGroup {
  /** The config file, or '<inferred>' for files that belong to no project. */
  key: string;
  options: ts.CompilerOptions;
  /** Files analyzed with a checker; they become the roots of one program. */
  typed: string[];
  /** Files analyzed from syntax alone. */
  untyped: string[];
  /** The project's own .d.ts files, rooted so its global declarations are known. */
  declarations: string[];
}

interface ProjectInfo {
  configPath: string;
  options: ts.CompilerOptions;
  fileNames: Set<string>;
  references: string[];
}

const INFERRED_KEY = '<inferred>';
/** TypeScript's own lib .d.ts files never change: parsed once per process, whatever planner asks. */
const LIB_FILES = new Map<string, ts.SourceFile>();
const JS_FILE = /\.[cm]?jsx?$/;

/**
 * Which files get a type checker. A checker means binding every file of a program and parsing the
 * default lib, which costs about as much again as parsing the files themselves. So it is paid where
 * the project asked for type information: TypeScript files, and JavaScript in a jsconfig project or
 * one with `checkJs`. Other JavaScript is analyzed from syntax alone, as the rules are built to do.
 */
export class ProgramPlanner {
  private readonly projects = new Map<string, ProjectInfo | undefined>();
  private readonly configForDir = new Map<string, string | undefined>();
  private readonly diskFiles = new Map<string, ts.SourceFile>();

  constructor(private readonly onProjectError: (message: string) => void) {}

  /** Groups `files` by project, in the order their first file comes; reads each config once. */
  plan(files: readonly string[]): ProjectGroup[] {
    const groups = new Map<string, ProjectGroup>();
    for (const file of files) {
      const project = this.projectOf(file);
      const key = project?.configPath ?? INFERRED_KEY;
      let group = groups.get(key);
      if (!group) {
        const options = project?.options ?? INFERRED_OPTIONS;
        const declarations = project ? [...project.fileNames].filter((f) => /\.d\.[cm]?ts$/.test(f)) : [];
        groups.set(key, (group = { key, options, typed: [], untyped: [], declarations }));
      }
      const isJs = JS_FILE.test(file);
      const typed = !isJs || (project !== undefined && (project.options.checkJs === true || path.basename(project.configPath) === 'jsconfig.json'));
      (typed ? group.typed : group.untyped).push(file);
    }
    return [...groups.values()];
  }

  /**
   * Calls `visit` for each of the group's typed files with its program's checker; when the program
   * cannot be built, for each of them from syntax alone. Its untyped files are left to the caller.
   * `textOf` supplies the text of the files being analyzed (the CLI may hold fixed, unsaved text).
   */
  forEachTypedUnit(
    group: ProjectGroup,
    textOf: (file: string) => string | undefined,
    visit: (unit: AnalysisUnit) => void,
    warn: (message: string) => void,
  ): void {
    const iteratorHelpers = supportsIteratorHelpers(group.options);
    let program: ts.Program | undefined;
    let checker: ts.TypeChecker | undefined;
    try {
      program = this.createProgram(group, textOf);
      checker = program.getTypeChecker();
    } catch (error) {
      // A compiler crash on one project costs its files their types, not their findings.
      warn(`could not type-check ${group.typed.length} file(s), analyzing them from syntax alone: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
    }
    for (const file of group.typed) {
      const sourceFile = program?.getSourceFile(file);
      if (sourceFile && checker) {
        visit({ file, sourceFile, checker, iteratorHelpers });
      } else {
        const text = textOf(file);
        if (text !== undefined) visit({ file, sourceFile: parseSyntaxOnly(file, text), checker: undefined, iteratorHelpers });
      }
    }
  }

  /** The project that includes `file`: the nearest config, or one it references (solution-style configs). */
  private projectOf(file: string): ProjectInfo | undefined {
    const dir = path.dirname(file);
    let configPath = this.configForDir.get(dir);
    if (!this.configForDir.has(dir)) {
      configPath = findProjectConfig(file);
      this.configForDir.set(dir, configPath && path.resolve(configPath));
      configPath = this.configForDir.get(dir);
    }
    if (!configPath) return undefined;
    const nearest = this.project(configPath);
    if (!nearest) return undefined;
    if (nearest.fileNames.has(file)) return nearest;
    return nearest.references.map((ref) => this.project(ref)).find((ref) => ref?.fileNames.has(file));
  }

  private project(configPath: string): ProjectInfo | undefined {
    if (this.projects.has(configPath)) return this.projects.get(configPath);
    const settings = readProject(configPath);
    for (const error of settings.errors) this.onProjectError(`${configPath}: ${error}`);
    const raw = ts.readConfigFile(configPath, ts.sys.readFile).config as { references?: { path: string }[] } | undefined;
    const references = (raw?.references ?? [])
      .map((ref) => path.resolve(path.dirname(configPath), ref.path))
      .map((target) => (target.endsWith('.json') ? target : path.join(target, 'tsconfig.json')))
      .filter((target) => ts.sys.fileExists(target));
    const info: ProjectInfo = {
      configPath,
      // Automatic @types inclusion pulls in every installed typings package; the rules never need it.
      options: { ...settings.options, types: settings.options.types ?? [], noEmit: true, skipLibCheck: true, skipDefaultLibCheck: true },
      fileNames: new Set(settings.fileNames.map((f) => path.resolve(f))),
      references,
    };
    this.projects.set(configPath, info);
    return info;
  }

  private createProgram(group: ProjectGroup, textOf: (file: string) => string | undefined): ts.Program {
    // Loose files resolve no imports: there is no config saying how, and following them costs more than it tells.
    const options = group.key === INFERRED_KEY ? { ...INFERRED_OPTIONS, noResolve: true } : group.options;
    const host = ts.createCompilerHost(options, true);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
    const readFromDisk = host.getSourceFile.bind(host);
    const libDir = path.dirname(path.resolve(ts.getDefaultLibFilePath(options)));
    host.getSourceFile = (fileName, languageVersion, onError) => {
      const resolved = path.resolve(fileName);
      // Files under analysis come from memory: `--fix` re-analyzes text it has not written yet.
      const text = textOf(resolved);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      // The default lib and the declarations files import are the same for every program of a run
      // (several projects, `--fix` rounds): parse each once.
      const settings = typeof languageVersion === 'object' ? `${languageVersion.languageVersion}:${languageVersion.impliedNodeFormat}` : languageVersion;
      const key = `${resolved}\0${settings}`;
      const cache = path.dirname(resolved) === libDir ? LIB_FILES : this.diskFiles;
      let sourceFile = cache.get(key);
      if (!sourceFile) {
        sourceFile = readFromDisk(fileName, languageVersion, onError);
        if (sourceFile) cache.set(key, sourceFile);
      }
      return sourceFile;
    };
    return ts.createProgram({ rootNames: [...group.typed, ...group.declarations], options, host });
  }
}

/**
 * Without a checker nothing reads JSDoc, and skipping it saves about a third of the parse time of
 * JSDoc-heavy JavaScript. Parent pointers are left to the engine, which sets them in the walk it makes
 * anyway instead of TypeScript's separate one (~8% of the CLI's time). test/core/robustness.test.ts
 * checks the findings and fixes are the same.
 */
export function parseSyntaxOnly(fileName: string, text: string): ts.SourceFile {
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  return ts.createSourceFile(fileName, text, options, false, scriptKindOf(fileName));
}

import path from 'node:path';
import ts from 'typescript';
import { findProjectConfig, INFERRED_OPTIONS, readProject, supportsIteratorHelpers } from '../core/project.ts';
import { TextSnapshot } from './snapshot.ts';

/** The text of a document the editor holds open; it wins over the file on disk. */
export interface OpenDocument {
  version: number;
  text: string;
}

export interface TypedFile {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker;
  iteratorHelpers: boolean;
}

export interface ProjectServiceOptions {
  /** Open documents by normalized file name. */
  openDocument(fileName: string): OpenDocument | undefined;
  /** Language services kept alive at once; the least recently used beyond this are disposed. */
  maxProjects?: number;
  log?(message: string): void;
}

const INFERRED = '<inferred>';

/** `C:\a\b` → `C:/a/b`: the TypeScript API speaks forward slashes everywhere. */
export function normalizeFileName(fileName: string): string {
  return path.resolve(fileName).replace(/\\/g, '/');
}

/**
 * One TypeScript language service per tsconfig/jsconfig (plus one inferred project for loose files).
 * A project's roots are the files we are asked about (open documents, a workspace batch) plus the
 * project's declaration files, not every file the config includes: the program then holds only
 * what those files import, so a cold start in a large repository costs the open file's import graph.
 */
export class ProjectService {
  private readonly projects = new Map<string, Project>();
  private readonly registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, process.cwd(), ts.JSDocParsingMode.ParseForTypeInfo);
  private readonly configs = new Map<string, ConfigInfo>();
  private readonly configForDir = new Map<string, string | undefined>();
  /** Bumped when a file changes on disk, so language services re-read it. */
  private readonly diskVersions = new Map<string, number>();
  /**
   * Disk texts by file name. The language service asks for a snapshot of every file of the program
   * on every update (before comparing versions), and module resolution re-reads package.json files:
   * without this cache each keystroke re-read every lib file from disk.
   */
  private readonly diskTexts = new Map<string, { version: number; snapshot: TextSnapshot | undefined }>();
  private readonly maxProjects: number;
  /** Texts that stand in for an open document while fix-all re-analyzes its own intermediate results. */
  private readonly overlays = new Map<string, OpenDocument>();
  private overlayVersion = 0;
  private readonly openDocument = (fileName: string) => this.overlays.get(fileName) ?? this.options.openDocument(fileName);

  constructor(private readonly options: ProjectServiceOptions) {
    this.maxProjects = options.maxProjects ?? 4;
  }

  /** Runs `fn` with the project seeing `text` as the content of `fileName`; the real content is back afterwards. */
  withOverlay<T>(fileName: string, text: string, fn: () => T): T {
    // Negative versions never collide with an editor's.
    this.overlays.set(fileName, { version: --this.overlayVersion, text });
    this.documentChanged();
    try {
      return fn();
    } finally {
      this.overlays.delete(fileName);
      this.documentChanged();
    }
  }

  /** Files a workspace batch rooted; open documents stay rooted. */
  releaseRoots(fileNames: readonly string[]): void {
    for (const fileName of fileNames) {
      if (this.openDocument(fileName)) continue;
      this.projects.get(this.projectKeyOf(fileName))?.removeRoot(fileName);
    }
  }

  /** The project a file belongs to: the nearest config that includes it, else the inferred project. */
  projectKeyOf(fileName: string): string {
    const dir = path.posix.dirname(fileName);
    let configPath = this.configForDir.get(dir);
    if (!this.configForDir.has(dir)) {
      configPath = findProjectConfig(fileName);
      this.configForDir.set(dir, configPath && normalizeFileName(configPath));
      configPath = this.configForDir.get(dir);
    }
    if (!configPath) return INFERRED;
    const config = this.config(configPath);
    if (config.fileNames.has(fileName)) return configPath;
    // Solution-style configs list files only in their references.
    const owner = config.references.find((ref) => this.config(ref).fileNames.has(fileName));
    if (owner) return owner;
    // A new file not saved yet still belongs to the project whose folder holds it.
    if (!ts.sys.fileExists(fileName) && config.references.length === 0) return configPath;
    return INFERRED;
  }

  /** Whether asking for this file's program would build a project from scratch (parse libs, resolve imports). */
  isCold(fileName: string): boolean {
    const project = this.projects.get(this.projectKeyOf(fileName));
    return !project?.built || !project.roots.has(fileName);
  }

  /** The file as part of its project's program, with a checker; undefined when the file cannot be typed. */
  typedFile(fileName: string, extraRoots: readonly string[] = []): TypedFile | undefined {
    const project = this.acquire(this.projectKeyOf(fileName));
    project.addRoots([fileName, ...extraRoots]);
    const program = project.service.getProgram();
    project.built = true;
    const sourceFile = program?.getSourceFile(fileName);
    if (!program || !sourceFile) return undefined;
    return { sourceFile, checker: program.getTypeChecker(), iteratorHelpers: supportsIteratorHelpers(project.options) };
  }

  /** The document is no longer open: its project stops rooting it (other files may still import it). */
  closeFile(fileName: string): void {
    const project = this.projects.get(this.projectKeyOf(fileName));
    project?.removeRoot(fileName);
    // What is on disk now may differ from the editor's last text (closed without saving).
    this.fileChangedOnDisk(fileName, 'changed');
  }

  /** An open document's text changed: every project that may import it rebuilds its program on next use. */
  documentChanged(): void {
    for (const project of this.projects.values()) project.touch();
  }

  /** A file changed on disk (watched-files notification). Config changes re-read project settings. */
  fileChangedOnDisk(fileName: string, kind: 'created' | 'changed' | 'deleted'): void {
    const base = path.posix.basename(fileName);
    if (base === 'tsconfig.json' || base === 'jsconfig.json' || /^tsconfig\..*\.json$/.test(base)) {
      this.resetProjects();
      return;
    }
    this.diskVersions.set(fileName, (this.diskVersions.get(fileName) ?? 0) + 1);
    this.diskTexts.delete(fileName);
    if (kind !== 'changed') {
      // The set of files a config includes changed: re-read configs lazily, keep the services.
      this.configs.clear();
      this.configForDir.clear();
    }
    for (const project of this.projects.values()) project.touch();
  }

  /** Forget every project (a config changed, or the server shuts down). */
  resetProjects(): void {
    for (const project of this.projects.values()) project.service.dispose();
    this.projects.clear();
    this.configs.clear();
    this.configForDir.clear();
    this.diskTexts.clear();
  }

  get liveProjects(): string[] {
    return [...this.projects.keys()];
  }

  private diskSnapshot(fileName: string): TextSnapshot | undefined {
    const version = this.diskVersions.get(fileName) ?? 0;
    const cached = this.diskTexts.get(fileName);
    if (cached?.version === version) return cached.snapshot;
    const text = ts.sys.readFile(fileName);
    const snapshot = text === undefined ? undefined : new TextSnapshot(text);
    this.diskTexts.set(fileName, { version, snapshot });
    return snapshot;
  }

  private config(configPath: string): ConfigInfo {
    let info = this.configs.get(configPath);
    if (!info) {
      const settings = readProject(configPath);
      for (const error of settings.errors) this.options.log?.(`${configPath}: ${error}`);
      const raw = ts.readConfigFile(configPath, ts.sys.readFile).config as { references?: { path: string }[] } | undefined;
      const references = (raw?.references ?? []).map((ref) => {
        const target = normalizeFileName(path.resolve(path.dirname(configPath), ref.path));
        return target.endsWith('.json') ? target : `${target}/tsconfig.json`;
      }).filter((ref) => ts.sys.fileExists(ref));
      const fileNames = new Set(settings.fileNames.map(normalizeFileName));
      info = { options: settings.options, fileNames, references, declarations: [...fileNames].filter((f) => /\.d\.[cm]?ts$/.test(f)) };
      this.configs.set(configPath, info);
    }
    return info;
  }

  private acquire(key: string): Project {
    let project = this.projects.get(key);
    if (project) {
      // Map iteration order is insertion order: re-inserting marks it most recently used.
      this.projects.delete(key);
      this.projects.set(key, project);
      return project;
    }
    const config = key === INFERRED ? undefined : this.config(key);
    project = new Project(
      config?.options ?? INFERRED_OPTIONS,
      key === INFERRED ? process.cwd() : path.posix.dirname(key),
      config?.declarations ?? [],
      this.registry,
      this.openDocument,
      (fileName) => this.diskVersions.get(fileName) ?? 0,
      (fileName) => this.diskSnapshot(fileName),
    );
    this.projects.set(key, project);
    while (this.projects.size > this.maxProjects) {
      const [oldestKey, oldest] = this.projects.entries().next().value as [string, Project];
      oldest.service.dispose();
      this.projects.delete(oldestKey);
      this.options.log?.(`Disposed the language service of ${oldestKey} (least recently used).`);
    }
    return project;
  }
}

interface ConfigInfo {
  options: ts.CompilerOptions;
  fileNames: Set<string>;
  references: string[];
  declarations: string[];
}

class Project {
  readonly roots = new Set<string>();
  readonly service: ts.LanguageService;
  built = false;
  private version = 0;
  private readonly snapshots = new Map<string, { version: string; snapshot: TextSnapshot }>();

  constructor(
    readonly options: ts.CompilerOptions,
    currentDirectory: string,
    declarations: readonly string[],
    registry: ts.DocumentRegistry,
    openDocument: (fileName: string) => OpenDocument | undefined,
    diskVersion: (fileName: string) => number,
    diskSnapshot: (fileName: string) => TextSnapshot | undefined,
  ) {
    const versionOf = (fileName: string) => {
      const open = openDocument(fileName);
      return open ? `open:${open.version}` : `disk:${diskVersion(fileName)}`;
    };
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getProjectVersion: () => String(this.version),
      getScriptFileNames: () => [...this.roots, ...declarations],
      getScriptVersion: versionOf,
      getScriptSnapshot: (fileName) => {
        const open = openDocument(fileName);
        if (!open) return diskSnapshot(fileName);
        const version = `open:${open.version}`;
        const cached = this.snapshots.get(fileName);
        if (cached?.version === version) return cached.snapshot;
        const snapshot = new TextSnapshot(open.text);
        this.snapshots.set(fileName, { version, snapshot });
        return snapshot;
      },
      getCurrentDirectory: () => currentDirectory,
      getDefaultLibFileName: (opts) => ts.getDefaultLibFilePath(opts),
      fileExists: (fileName) => openDocument(fileName) !== undefined || ts.sys.fileExists(fileName),
      readFile: (fileName) => openDocument(fileName)?.text ?? diskSnapshot(fileName)?.text,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
    };
    this.service = ts.createLanguageService(host, registry);
  }

  addRoots(fileNames: readonly string[]): void {
    for (const fileName of fileNames) {
      if (this.roots.has(fileName)) continue;
      this.roots.add(fileName);
      this.touch();
    }
  }

  removeRoot(fileName: string): void {
    if (this.roots.delete(fileName)) this.touch();
    this.snapshots.delete(fileName);
  }

  touch(): void {
    this.version++;
  }
}

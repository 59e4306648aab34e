import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isAnalyzable } from '../core/engine.ts';

export interface CollectOptions {
  cwd: string;
  /** The config's `exclude` patterns and the folder they are relative to. */
  exclude: { dir: string; patterns: readonly string[] };
  noIgnore: boolean;
}

export interface Collected {
  files: string[];
  /** Explicitly named paths that were skipped on purpose (ignored, not JS/TS). */
  warnings: string[];
  /** Paths that could not be read: the run goes on but exits 2. */
  errors: string[];
}

/** Folders never walked into; they can still be named explicitly. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** A path as the user reads it: relative to the working directory when inside it. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Expands paths into the files to analyze. Like ESLint, a path named explicitly that an ignore rule
 * covers is skipped with a warning (`--no-ignore` analyzes it); like git, `.gitignore` files apply
 * to their own folder and below, from the repository root down, and a deeper one can re-include.
 */
export function collectFiles(paths: readonly string[], options: CollectOptions): Collected {
  const rules = new IgnoreRules(options);
  const seen = new Set<string>();
  const result: Collected = { files: [], warnings: [], errors: [] };
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      result.files.push(file);
    }
  };

  const walk = (dir: string, base: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      result.errors.push(`${displayPath(dir, options.cwd)}: cannot read folder (${reason(error)})`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Symlinked folders are not followed: they can loop and usually point outside the project.
        if (!ALWAYS_SKIPPED.has(entry.name) && !rules.ignoredBy(full, true, base)) walk(full, base);
      } else if ((entry.isFile() || (entry.isSymbolicLink() && isFile(full))) && isAnalyzable(entry.name)) {
        if (!rules.ignoredBy(full, false, base)) add(full);
      }
    }
  };

  for (const given of paths) {
    const full = path.resolve(options.cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (error) {
      result.errors.push(`${given}: ${reason(error)}`);
      continue;
    }
    const base = rules.baseFor(full, stat.isDirectory());
    const ignoredBy = rules.ignoredWithAncestors(full, stat.isDirectory(), base);
    if (ignoredBy) {
      result.warnings.push(`${given}: ignored by ${ignoredBy}; use --no-ignore to analyze it`);
      continue;
    }
    if (stat.isDirectory()) walk(full, base);
    else if (isAnalyzable(full)) add(full);
    else result.warnings.push(`${given}: not a JavaScript or TypeScript file; skipped`);
  }
  return result;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return code ?? String((error as Error)?.message ?? error);
}

export const toPosix = (p: string) => p.split(path.sep).join('/');

function isInside(dir: string, base: string): boolean {
  return dir === base || dir.startsWith(base.endsWith(path.sep) ? base : base + path.sep);
}

class IgnoreRules {
  private readonly gitignores = new Map<string, Ignore | null>();
  private readonly gitRoots = new Map<string, string | null>();
  private readonly exclude: Ignore | undefined;

  constructor(private readonly options: CollectOptions) {
    this.exclude = options.exclude.patterns.length > 0 ? ignore().add([...options.exclude.patterns]) : undefined;
  }

  /** The folder whose .gitignore files apply from: the repository root, else the working directory or the path itself. */
  baseFor(full: string, isDir: boolean): string {
    const start = isDir ? full : path.dirname(full);
    const root = this.gitRoot(start);
    if (root) return root;
    const rel = path.relative(this.options.cwd, start);
    return rel.startsWith('..') || path.isAbsolute(rel) ? start : this.options.cwd;
  }

  /** Why an explicitly named path is ignored: it, or a folder between it and `base`, matches a rule. */
  ignoredWithAncestors(full: string, isDir: boolean, base: string): string | undefined {
    if (this.options.noIgnore) return undefined;
    const chain: string[] = [];
    for (let dir = path.dirname(full); isInside(dir, base) && dir !== base; dir = path.dirname(dir)) chain.unshift(dir);
    for (const dir of chain) {
      const by = this.ignoredBy(dir, true, base);
      if (by) return by;
    }
    return this.ignoredBy(full, isDir, base);
  }

  /** `.gitignore` or `exclude`, if either covers `full`; undefined otherwise. */
  ignoredBy(full: string, isDir: boolean, base: string): string | undefined {
    if (this.options.noIgnore) return undefined;
    if (this.exclude) {
      const rel = path.relative(this.options.exclude.dir, full);
      if (rel && !rel.startsWith('..') && !path.isAbsolute(rel) && this.exclude.ignores(toPosix(rel) + (isDir ? '/' : ''))) {
        return 'the config\'s "exclude"';
      }
    }
    let ignored = false;
    let source = '';
    const folders: string[] = [];
    for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
      folders.unshift(dir);
      if (dir === base || !isInside(dir, base) || path.dirname(dir) === dir) break;
    }
    for (const dir of folders) {
      const rules = this.gitignore(dir);
      if (!rules) continue;
      const verdict = rules.test(toPosix(path.relative(dir, full)) + (isDir ? '/' : ''));
      if (verdict.ignored) {
        ignored = true;
        source = path.join(dir, '.gitignore');
      } else if (verdict.unignored) {
        ignored = false;
      }
    }
    return ignored ? displayPath(source, this.options.cwd) : undefined;
  }

  private gitignore(dir: string): Ignore | null {
    let rules = this.gitignores.get(dir);
    if (rules === undefined) {
      rules = null;
      try {
        rules = ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'));
      } catch {
        // No .gitignore here (or unreadable): nothing to apply.
      }
      this.gitignores.set(dir, rules);
    }
    return rules;
  }

  private gitRoot(start: string): string | undefined {
    const visited: string[] = [];
    let found: string | null = null;
    for (let dir = start; ; dir = path.dirname(dir)) {
      const cached = this.gitRoots.get(dir);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(dir);
      if (fs.existsSync(path.join(dir, '.git'))) {
        found = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    for (const dir of visited) this.gitRoots.set(dir, found);
    return found ?? undefined;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { isAnalyzable } from '../core/engine.ts';
import type { Finding } from '../core/types.ts';
import type { AnalyzeWorkspaceResult } from './protocol.ts';

type Matcher = { dir: string; ignores: (relative: string) => boolean };

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** Every analyzable file under `root`, honouring each folder's .gitignore like git does. */
export function listWorkspaceFiles(root: string, limit = 50_000): string[] {
  const files: string[] = [];
  const walk = (dir: string, matchers: Matcher[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const own = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (own) {
      const matcher = ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'));
      matchers = [...matchers, { dir, ignores: (relative) => matcher.ignores(relative) }];
    }
    for (const entry of entries) {
      if (files.length >= limit) return;
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue;
      const ignored = matchers.some((m) => m.ignores(path.relative(m.dir, full).replace(/\\/g, '/') + (isDir ? '/' : '')));
      if (ignored) continue;
      if (isDir) walk(full, matchers);
      else if (isAnalyzable(entry.name)) files.push(full);
    }
  };
  walk(root, []);
  return files;
}

export interface WorkspaceAnalysisHost {
  /** Project key of a file: files of one project are analyzed together in one program. */
  projectOf(fileName: string): string;
  /** Analyzes and publishes one file; undefined when it is excluded. `batch` are the files sharing its program. */
  analyze(fileName: string, batch: readonly string[]): Promise<readonly Pick<Finding, 'ruleId'>[] | undefined>;
  /** The batch is done: its files need not stay in the program. */
  release(batch: readonly string[]): void;
  isCancelled(): boolean;
  report(done: number, total: number, fileName: string): void;
}

/**
 * Files are grouped by project and fed in batches, so one program (and its checker) serves a batch,
 * and a huge repository never holds more than a batch of extra files in memory. The event loop gets
 * a turn after each file: cancellation and the editor's own requests are served meanwhile.
 */
export async function analyzeWorkspace(files: readonly string[], host: WorkspaceAnalysisHost, batchSize = 100): Promise<AnalyzeWorkspaceResult> {
  const started = Date.now();
  const result: AnalyzeWorkspaceResult = { files: 0, excluded: 0, findings: 0, byRule: {}, cancelled: false, durationMs: 0 };
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const key = host.projectOf(file);
    const group = groups.get(key);
    if (group) group.push(file);
    else groups.set(key, [file]);
  }
  let done = 0;
  outer: for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += batchSize) {
      const batch = group.slice(i, i + batchSize);
      try {
        for (const file of batch) {
          if (host.isCancelled()) {
            result.cancelled = true;
            break outer;
          }
          host.report(done++, files.length, file);
          const findings = await host.analyze(file, batch);
          await new Promise((resolve) => setImmediate(resolve));
          if (!findings) {
            result.excluded++;
            continue;
          }
          result.files++;
          result.findings += findings.length;
          for (const finding of findings) result.byRule[finding.ruleId] = (result.byRule[finding.ruleId] ?? 0) + 1;
        }
      } finally {
        host.release(batch);
      }
    }
  }
  result.durationMs = Date.now() - started;
  return result;
}

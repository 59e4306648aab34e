/**
 * Bundle positions → the user's files. Stacks from the worker name the bundle's virtual file;
 * the host rewrites them with the bundle's source map so messages point at the user's line.
 * Uses Node's own `module.SourceMap` (feature-detected: an old extension host without it gets
 * unmapped positions rather than a failure).
 */
import * as nodeModule from 'node:module';
import path from 'node:path';
import type { SourceLocation } from './protocol.ts';

interface Entry {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
}
type SourceMapLike = { findEntry(line: number, column: number): Entry };
type SourceMapConstructor = new (payload: unknown) => SourceMapLike;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class BundleMap {
  private readonly map: SourceMapLike | undefined;
  private readonly frame: RegExp;

  constructor(
    payload: unknown,
    /** The bundle's virtual path as stacks show it; map sources are relative to its folder. */
    readonly bundleFile: string,
  ) {
    const SourceMap = (nodeModule as unknown as { SourceMap?: SourceMapConstructor }).SourceMap;
    this.map = SourceMap ? new SourceMap(payload) : undefined;
    this.frame = new RegExp(`${escapeRegExp(bundleFile)}:(\\d+):(\\d+)`, 'g');
  }

  /** The user's position of a 1-based bundle position, or undefined when it maps nowhere (runtime helpers). */
  original(line: number, column: number): SourceLocation | undefined {
    const entry = this.map?.findEntry(line - 1, column - 1);
    if (!entry?.originalSource || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : entry.originalSource;
    return { file: path.resolve(path.dirname(this.bundleFile), decodeURIComponent(source)), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }

  /**
   * The stack with bundle positions replaced by the user's, and the first position in the user's
   * own code (not node_modules), else the first mapped one.
   */
  mapStack(stack: string): { stack: string; location: SourceLocation | undefined } {
    const mapped: SourceLocation[] = [];
    const rewritten = stack.replace(this.frame, (match, line: string, column: string) => {
      const location = this.original(Number(line), Number(column));
      if (!location) return match;
      mapped.push(location);
      return `${location.file}:${location.line}:${location.column}`;
    });
    const own = mapped.find((location) => !location.file.split(path.sep).includes('node_modules'));
    return { stack: rewritten, location: own ?? mapped[0] };
  }
}

/** `file:line:column`, relative to `root` when the file is inside it. */
export function formatLocation(location: SourceLocation, root: string | undefined): string {
  const relative = root ? path.relative(root, location.file) : '';
  const shown = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : location.file;
  return `${shown}:${location.line}:${location.column}`;
}

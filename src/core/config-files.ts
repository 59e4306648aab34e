import fs from 'node:fs';
import path from 'node:path';
import type { PerfHintsConfig } from './config.ts';
import { ConfigError, parseConfig } from './config.ts';

export interface LoadedConfig {
  /** The file the config came from: a perf-hints.json, or a package.json with a `perfHints` key. */
  file: string;
  /** Its folder; `exclude` patterns are relative to it. */
  dir: string;
  config: PerfHintsConfig;
}

/**
 * The nearest project config above a folder: `perf-hints.json`, else a package.json's `perfHints` key.
 * A package.json without the key does not stop the search (monorepo packages inherit the root's).
 * Throws ConfigError for an unreadable or invalid file, naming it.
 */
export function findConfig(startDir: string, cache?: Map<string, LoadedConfig | null>): LoadedConfig | undefined {
  const visited: string[] = [];
  let found: LoadedConfig | null = null;
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const cached = cache?.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    found = configIn(dir);
    if (found) break;
    if (path.dirname(dir) === dir) break;
  }
  for (const dir of visited) cache?.set(dir, found);
  return found ?? undefined;
}

function configIn(dir: string): LoadedConfig | null {
  const own = path.join(dir, 'perf-hints.json');
  if (fs.existsSync(own)) return { file: own, dir, config: parseConfig(readJson(own), own) };
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(manifest)) {
    const json = readJson(manifest) as { perfHints?: unknown } | null;
    if (json && typeof json === 'object' && json.perfHints !== undefined) {
      return { file: manifest, dir, config: parseConfig(json.perfHints, `${manifest} (perfHints)`) };
    }
  }
  return null;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message}`);
  }
}

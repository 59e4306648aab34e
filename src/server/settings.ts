import path from 'node:path';
import ignore from 'ignore';
import type { PerfHintsConfig } from '../core/config.ts';
import { mergeConfigs, parseConfig } from '../core/config.ts';
import type { LoadedConfig } from '../core/config-files.ts';
import { findConfig } from '../core/config-files.ts';

/** The `perfHints` settings section (VS Code settings, `initializationOptions`, or a push-style didChangeConfiguration). */
export interface ClientSettings {
  enable: boolean;
  rules: PerfHintsConfig['rules'];
  families: PerfHintsConfig['families'];
  exclude: string[];
}

export const DEFAULT_SETTINGS: ClientSettings = { enable: true, rules: {}, families: {}, exclude: [] };

/**
 * Reads settings leniently: an editor setting with a typo must not switch the analyzer off, so each
 * invalid entry is dropped with a warning rather than rejecting the whole section. Accepts the section
 * itself or an object holding it under `perfHints`.
 */
export function parseClientSettings(raw: unknown, warn: (message: string) => void): ClientSettings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const input = ('perfHints' in raw ? (raw as { perfHints: unknown }).perfHints : raw) as Record<string, unknown> | null;
  if (input === null || typeof input !== 'object') return DEFAULT_SETTINGS;
  const settings: ClientSettings = { enable: input.enable !== false, rules: {}, families: {}, exclude: [] };
  const entries = (key: 'rules' | 'families'): [string, unknown][] => {
    const value = input[key];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
  };
  for (const [id, severity] of entries('rules')) {
    try {
      Object.assign(settings.rules, parseConfig({ rules: { [id]: severity } }, 'perfHints settings').rules);
    } catch (error) {
      warn((error as Error).message);
    }
  }
  for (const [family, on] of entries('families')) {
    try {
      Object.assign(settings.families, parseConfig({ families: { [family]: on } }, 'perfHints settings').families);
    } catch (error) {
      warn((error as Error).message);
    }
  }
  if (Array.isArray(input.exclude)) settings.exclude = input.exclude.filter((p): p is string => typeof p === 'string');
  return settings;
}

export type Effective = { enabled: false; reason: string } | { enabled: true; config: PerfHintsConfig };

/**
 * What applies to one file: the project's config file (perf-hints.json or package.json `perfHints`)
 * with the editor's settings merged over it key by key — settings win, so a user can turn a rule off
 * locally without editing the shared file. Excludes add up: the file's patterns relative to its folder,
 * the settings' relative to the workspace folder.
 */
export class ConfigResolver {
  private readonly cache = new Map<string, LoadedConfig | null>();
  private readonly matchers = new Map<string, ReturnType<typeof ignore>>();

  constructor(private readonly warn: (message: string) => void) {}

  /** Config files changed on disk. */
  reset(): void {
    this.cache.clear();
    this.matchers.clear();
  }

  resolve(fileName: string, settings: ClientSettings, workspaceFolder: string | undefined): Effective {
    if (!settings.enable) return { enabled: false, reason: 'perfHints.enable is false' };
    let loaded: LoadedConfig | undefined;
    try {
      loaded = findConfig(path.dirname(fileName), this.cache);
    } catch (error) {
      this.warn(`${(error as Error).message} — using the editor settings alone.`);
    }
    if (loaded && this.excluded(fileName, loaded.dir, loaded.config.exclude)) {
      return { enabled: false, reason: `excluded by ${loaded.file}` };
    }
    const base = workspaceFolder ?? loaded?.dir ?? path.dirname(fileName);
    if (this.excluded(fileName, base, settings.exclude)) return { enabled: false, reason: 'excluded by perfHints.exclude' };
    const fromSettings: PerfHintsConfig = { rules: settings.rules, families: settings.families, exclude: [] };
    return { enabled: true, config: mergeConfigs(loaded?.config ?? { rules: {}, families: {}, exclude: [] }, fromSettings) };
  }

  private excluded(fileName: string, dir: string, patterns: readonly string[]): boolean {
    if (patterns.length === 0) return false;
    const relative = path.relative(dir, fileName).replace(/\\/g, '/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const key = `${dir}\0${patterns.join('\0')}`;
    let matcher = this.matchers.get(key);
    if (!matcher) this.matchers.set(key, (matcher = ignore().add([...patterns])));
    return matcher.ignores(relative);
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { PerfHintsConfig } from '../core/config.ts';
import { ConfigError, DEFAULT_CONFIG, mergeConfigs, parseConfig } from '../core/config.ts';
import { findConfig } from '../core/config-files.ts';
import type { SeveritySetting } from '../core/types.ts';
import { UsageError } from './args.ts';

export interface RunConfig {
  config: PerfHintsConfig;
  /** The file the settings came from, if any. */
  file: string | undefined;
  /** `exclude` patterns are relative to this folder. */
  dir: string;
}

/**
 * Precedence, lowest first: each rule's default severity, the config file (`--config <file>`, else
 * the nearest perf-hints.json or package.json `perfHints` above the working directory), then
 * `--rule` flags in the order given. Unknown rule ids are errors: a typo must not silently do nothing.
 */
export function loadRunConfig(
  cwd: string,
  configFlag: string | undefined,
  ruleFlags: readonly [string, SeveritySetting][],
  knownRuleIds: ReadonlySet<string>,
): RunConfig {
  const loaded = configFlag ? readExplicit(path.resolve(cwd, configFlag)) : findConfig(cwd);
  const fileConfig = loaded?.config ?? DEFAULT_CONFIG;
  for (const id of Object.keys(fileConfig.rules)) {
    if (!knownRuleIds.has(id)) throw new ConfigError(`${loaded?.file}: unknown rule "${id}"${suggestion(id, knownRuleIds)}`);
  }
  for (const [id] of ruleFlags) {
    if (!knownRuleIds.has(id)) throw new UsageError(`--rule: unknown rule "${id}"${suggestion(id, knownRuleIds)}`);
  }
  const flags: PerfHintsConfig = { rules: Object.fromEntries(ruleFlags), families: {}, exclude: [] };
  return { config: mergeConfigs(fileConfig, flags), file: loaded?.file, dir: loaded?.dir ?? cwd };
}

function readExplicit(file: string): { file: string; dir: string; config: PerfHintsConfig } {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`${file}: ${reason}`);
  }
  const dir = path.dirname(file);
  if (path.basename(file) === 'package.json') {
    const perfHints = (raw as { perfHints?: unknown } | null)?.perfHints;
    if (perfHints === undefined) throw new ConfigError(`${file}: no "perfHints" key`);
    return { file, dir, config: parseConfig(perfHints, `${file} (perfHints)`) };
  }
  return { file, dir, config: parseConfig(raw, file) };
}

function suggestion(id: string, known: ReadonlySet<string>): string {
  const close = [...known].find((candidate) => distance(candidate, id) <= 2 || (id.length >= 4 && candidate.includes(id)));
  return close ? ` (did you mean "${close}"?)` : '';
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

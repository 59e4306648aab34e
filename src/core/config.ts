import type { Family, SeveritySetting } from './types.ts';
import { FAMILIES, SEVERITIES } from './types.ts';

/** Options shared by the CLI config file (`perf-hints.json` / package.json `perfHints`) and editor settings. */
export interface PerfHintsConfig {
  rules: Record<string, SeveritySetting>;
  families: Partial<Record<Family, boolean>>;
  /** Gitignore-style patterns of files never analyzed. */
  exclude: string[];
}

export const DEFAULT_CONFIG: PerfHintsConfig = { rules: {}, families: {}, exclude: [] };

export class ConfigError extends Error {}

/** Validates untrusted JSON into a config, naming the offending key on error. */
export function parseConfig(raw: unknown, origin: string): PerfHintsConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${origin}: expected an object`);
  }
  const input = raw as Record<string, unknown>;
  const config: PerfHintsConfig = { rules: {}, families: {}, exclude: [] };
  for (const key of Object.keys(input)) {
    if (!['rules', 'families', 'exclude', '$schema'].includes(key)) {
      throw new ConfigError(`${origin}: unknown key "${key}" (expected rules, families, exclude)`);
    }
  }
  if (input.rules !== undefined) {
    if (typeof input.rules !== 'object' || input.rules === null || Array.isArray(input.rules)) {
      throw new ConfigError(`${origin}: "rules" must map rule ids to a severity`);
    }
    for (const [id, value] of Object.entries(input.rules)) {
      if (!SEVERITIES.includes(value as SeveritySetting)) {
        throw new ConfigError(`${origin}: rules.${id} must be one of ${SEVERITIES.join(', ')}`);
      }
      config.rules[id] = value as SeveritySetting;
    }
  }
  if (input.families !== undefined) {
    if (typeof input.families !== 'object' || input.families === null) {
      throw new ConfigError(`${origin}: "families" must map a family to true or false`);
    }
    for (const [family, value] of Object.entries(input.families)) {
      if (!FAMILIES.includes(family as Family) || typeof value !== 'boolean') {
        throw new ConfigError(`${origin}: families.${family} must be a family (${FAMILIES.join(', ')}) set to true or false`);
      }
      config.families[family as Family] = value;
    }
  }
  if (input.exclude !== undefined) {
    if (!Array.isArray(input.exclude) || input.exclude.some((p) => typeof p !== 'string')) {
      throw new ConfigError(`${origin}: "exclude" must be an array of glob patterns`);
    }
    config.exclude = input.exclude as string[];
  }
  return config;
}

/** Later configs override earlier ones key by key. */
export function mergeConfigs(...configs: PerfHintsConfig[]): PerfHintsConfig {
  return configs.reduce<PerfHintsConfig>(
    (merged, next) => ({
      rules: { ...merged.rules, ...next.rules },
      families: { ...merged.families, ...next.families },
      exclude: [...merged.exclude, ...next.exclude],
    }),
    DEFAULT_CONFIG,
  );
}

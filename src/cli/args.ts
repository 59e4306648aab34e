import { parseArgs as parseNodeArgs } from 'node:util';
import type { SeveritySetting } from '../core/types.ts';
import { SEVERITIES } from '../core/types.ts';

export const FORMATS = ['stylish', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CliArgs {
  paths: string[];
  format: Format;
  /** `--rule id=severity` flags in order; later ones win. */
  rules: [string, SeveritySetting][];
  config: string | undefined;
  fix: boolean;
  /** Analyze files even when .gitignore or the config's `exclude` covers them. */
  noIgnore: boolean;
  help: boolean;
  version: boolean;
}

/** Bad command-line usage: exit code 2 with a one-line message. */
export class UsageError extends Error {}

export const USAGE = `Usage: perf-hints [paths…] [options]

Finds quadratic work, needless copies and unbatched queries in JavaScript and TypeScript.
Paths default to the current folder; folders are searched for .js .jsx .mjs .cjs .ts .tsx .mts .cts
files, skipping node_modules, .git and whatever .gitignore files and the config's "exclude" ignore.

Options:
  --format <name>          stylish (default), json or sarif
  --rule <id>=<severity>   set a rule to off, hint, info, warning or error (repeatable);
                           overrides the config file
  --config <file>          use this config file instead of the nearest perf-hints.json or
                           package.json "perfHints" key above the current folder
  --fix                    apply safe fixes in place, then report what remains
  --no-ignore              also analyze files that .gitignore or "exclude" ignore
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no error-severity finding, 1 at least one, 2 bad usage, bad config or unreadable path.
`;

export function parseArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util's messages are good but long; keep their first sentence.
    throw new UsageError(String((error as Error).message).split('. ')[0]);
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" (expected ${FORMATS.join(', ')})`);
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format: format as Format,
    rules: (values.rule ?? []).map(parseRuleFlag),
    config: values.config,
    fix: values.fix ?? false,
    noIgnore: values['no-ignore'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseNodeArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      rule: { type: 'string', multiple: true },
      config: { type: 'string', short: 'c' },
      fix: { type: 'boolean' },
      'no-ignore': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function parseRuleFlag(flag: string): [string, SeveritySetting] {
  const match = /^\s*([^=\s]+)\s*[=:]\s*(\S+)\s*$/.exec(flag);
  if (!match) throw new UsageError(`--rule expects <rule-id>=<severity>, got "${flag}"`);
  const [, id, severity] = match;
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    throw new UsageError(`--rule ${id}: severity must be one of ${SEVERITIES.join(', ')}, got "${severity}"`);
  }
  return [id, severity as SeveritySetting];
}

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
  /** `--threads`; undefined: the machine's cores (see parallel.ts). */
  threads: number | undefined;
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
  --threads <n>            analyze on up to n threads (default: two thirds of the cores, at
                           most 8); runs under ~2 MB of source per thread use fewer; 1 keeps
                           everything on the main thread; --fix applies fixes on the main thread
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no error-severity finding, 1 at least one, 2 bad usage, bad config or unreadable path.
`;

export function parseArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // node:util's messages are good but long, some several lines; keep their first sentence.
    throw new UsageError(String((error as Error).message).split(/\.\s|\n/)[0]);
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
    threads: values.threads === undefined ? undefined : parseThreads(values.threads),
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
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

/** Beyond this, worker start-up and memory (each loads TypeScript) cost more than any machine gains. */
const MAX_THREADS = 64;

function parseThreads(value: string): number {
  const threads = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(threads >= 1 && threads <= MAX_THREADS)) throw new UsageError(`--threads expects a whole number from 1 to ${MAX_THREADS}, got "${value}"`);
  return threads;
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

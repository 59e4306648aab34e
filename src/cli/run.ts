import packageJson from '../../package.json';
import type { CodeCache } from './code-cache.ts';
import { parseArgs, USAGE, UsageError } from './args.ts';

/** Everything the CLI touches of its process, so tests can run it in-process. */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** The launcher's (dist/cli.js): TypeScript is loaded through it, and it keeps what an analysis compiled. */
  codeCache?: CodeCache;
}

export const VERSION: string = packageJson.version;

/** Runs one command line; resolves to the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`perf-hints: ${error.message}\nRun "perf-hints --help" for usage.\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  // TypeScript and the rules load only now, so usage errors, --help and --version answer at once.
  io.codeCache?.load(require.resolve('typescript'));
  const { execute } = await import('./execute.ts');
  const code = await execute(args, io);
  io.codeCache?.save();
  return code;
}

import { loadBundle } from './launch.ts';

const { bundle, codeCache } = loadBundle();
bundle.runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  codeCache,
}).then(
  (code) => {
    // exitCode rather than exit(): a large report piped to another process must be flushed first.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`perf-hints: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);

/**
 * The `perfHints` settings the client itself reads. The language server pulls the whole section per
 * file (workspace/configuration) and merges it over perf-hints.json, so rule severities, family
 * toggles and excludes are read there, not here. Defaults live once, in this object; a test checks
 * that package.json `contributes.configuration` declares the same ones.
 */
export const SECTION = 'perfHints';

export const DEFAULTS = {
  enable: true,
  rules: {} as Record<string, string>,
  families: {} as Record<string, boolean>,
  exclude: [] as string[],
  'trace.server': 'off' as 'off' | 'messages' | 'verbose',
  'benchmark.inputSize': 1000,
  'benchmark.timeLimitSeconds': 10,
  'benchmark.memoryLimitMb': 1024,
};


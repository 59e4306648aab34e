/**
 * How results read in the editor. Pure functions, no `vscode`: the unit tests check them in plain Node.
 */
import type { BenchResult } from '../../runner/protocol.ts';

const UNITS: [number, string][] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/** 3 significant digits in the largest unit that keeps the number ≥ 1: `1.24 µs`, `812 ns`, `3.10 s`. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  const [scale, unit] = UNITS.find(([threshold]) => Math.abs(ns) >= threshold) ?? UNITS[UNITS.length - 1];
  return `${(ns / scale).toPrecision(3)} ${unit}`;
}

/** `806k`, `1.2M`, `3,400`. */
export function formatOps(opsPerSec: number): string {
  if (opsPerSec >= 1e9) return `${(opsPerSec / 1e9).toPrecision(2)}G`;
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toPrecision(2)}M`;
  if (opsPerSec >= 1e4) return `${Math.round(opsPerSec / 1e3)}k`;
  return Math.round(opsPerSec).toLocaleString('en-US');
}

/** The inline annotation: `⏱ 1.24 µs/op ±0.8% · 806k ops/s`. */
export function inlineSummary(result: BenchResult): string {
  const approx = result.nearTimerResolution ? '≲ ' : '';
  return `⏱ ${approx}${formatDuration(result.meanNs)}/op ±${result.rme.toFixed(1)}% · ${formatOps(result.opsPerSec)} ops/s`;
}

/** The hover: every statistic in two columns (a hover is short), how it was measured, and what to make of it. */
export function resultTable(result: BenchResult, stale: boolean): string {
  const count = (value: number) => Math.round(value).toLocaleString('en-US');
  const rows: [string, string, string, string][] = [
    ['mean', formatDuration(result.meanNs), 'min', formatDuration(result.minNs)],
    ['p50', formatDuration(result.p50Ns), 'max', formatDuration(result.maxNs)],
    ['p75', formatDuration(result.p75Ns), 'sd', formatDuration(result.sdNs)],
    ['p99', formatDuration(result.p99Ns), 'rme', `±${result.rme.toFixed(2)}%`],
    ['samples', count(result.samples), 'ops/s', count(result.opsPerSec)],
    ['input size n', count(result.n), 'calls per sample', count(result.batch)],
  ];
  const notes: string[] = [];
  if (stale) notes.push('**Stale:** the function changed since this run. Run the benchmark again.');
  if (result.nearTimerResolution) notes.push('Near the timer\'s resolution: read it as "about this or less".');
  if (result.freshInputs) notes.push('Each call got fresh arguments, because the function changes its inputs.');
  notes.push(`Per call, after subtracting the empty loop (${formatDuration(result.baselineNs)}).`);
  return [
    `**Benchmark of \`${result.name}\`**`,
    '',
    '| | | | |',
    '| --- | ---: | --- | ---: |',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    '',
    ...notes.map((note) => `${note}  `),
  ].join('\n');
}

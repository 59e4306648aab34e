/**
 * How results read in the editor. Pure functions, no `vscode`: the unit tests check them in plain Node.
 */
import type { BenchResult } from '../../runner/protocol.ts';

const UNITS: [number, string][] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/** 3 significant digits in the largest unit that keeps the number ≥ 1: `1.24 µs`, `812 ns`, `3.10 s`. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  // The unit is picked after rounding, so 999.7 ns reads `1.00 µs`, not `1.00e+3 ns`.
  const rounded = Number(ns.toPrecision(3));
  const [scale, unit] = UNITS.find(([threshold]) => Math.abs(rounded) >= threshold) ?? UNITS[UNITS.length - 1];
  return `${(ns / scale).toPrecision(3)} ${unit}`;
}

/** `806k`, `1.2M`, `150M`, `3,400`. */
export function formatOps(opsPerSec: number): string {
  if (opsPerSec >= 1e9) return `${twoDigits(opsPerSec / 1e9)}G`;
  if (opsPerSec >= 1e6) return `${twoDigits(opsPerSec / 1e6)}M`;
  if (opsPerSec >= 1e4) return `${Math.round(opsPerSec / 1e3)}k`;
  return Math.round(opsPerSec).toLocaleString('en-US');
}

/** Two significant digits, never in exponent form: `toPrecision(2)` writes 150 as `1.5e+2`. */
function twoDigits(value: number): string {
  const text = value.toPrecision(2);
  return text.includes('e') ? String(Number(text)) : text;
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

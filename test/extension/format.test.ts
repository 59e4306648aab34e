import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatOps, inlineSummary, resultTable } from '../../src/extension/benchmark/format.ts';
import type { BenchResult } from '../../src/runner/protocol.ts';

const result: BenchResult = {
  name: 'dedupe', n: 1000, meanNs: 1240, p50Ns: 1200, p75Ns: 1300, p99Ns: 2100, minNs: 1100, maxNs: 9000, sdNs: 80,
  rme: 0.83, samples: 812, opsPerSec: 806_451, batch: 64, baselineNs: 0.4, nearTimerResolution: false, freshInputs: false, hash: 'h',
};

describe('benchmark result formatting', () => {
  it('picks the unit that keeps three significant digits', () => {
    assert.equal(formatDuration(8.123), '8.12 ns');
    assert.equal(formatDuration(812), '812 ns');
    assert.equal(formatDuration(1240), '1.24 µs');
    assert.equal(formatDuration(3_100_000), '3.10 ms');
    assert.equal(formatDuration(2.5e9), '2.50 s');
    assert.equal(formatDuration(999.7), '1.00 µs');
    assert.equal(formatDuration(Number.NaN), '—');
  });

  it('abbreviates operations per second', () => {
    assert.equal(formatOps(806_451), '806k');
    assert.equal(formatOps(3_400), '3,400');
    assert.equal(formatOps(12_000_000), '12M');
    assert.equal(formatOps(151_515_151), '150M');
    assert.equal(formatOps(2.3e9), '2.3G');
  });

  it('writes the inline summary of the issue, marking results near the timer resolution', () => {
    assert.equal(inlineSummary(result), '⏱ 1.24 µs/op ±0.8% · 806k ops/s');
    assert.equal(inlineSummary({ ...result, meanNs: 0.9, nearTimerResolution: true }), '⏱ ≲ 0.900 ns/op ±0.8% · 806k ops/s');
  });

  it('puts every statistic in the hover, and says when the result is stale', () => {
    const table = resultTable(result, true);
    for (const label of ['mean', 'p50', 'p75', 'p99', 'min', 'max', 'sd', 'rme', 'samples', 'ops/s', 'input size n']) {
      assert.match(table, new RegExp(`(^|\\| )${label} \\|`, 'm'));
    }
    assert.match(table, /\*\*Stale:\*\*/);
    assert.doesNotMatch(resultTable(result, false), /Stale/);
  });
});

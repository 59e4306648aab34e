import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chargeCollections } from '../../src/runner/gc.ts';
import { batchSize, MAX_BATCH, median, perCall, summarize, TARGET_SAMPLE_MS, timerResolutionMs, toResult } from '../../src/runner/stats.ts';

const latency = { mean: 0.000_012, p50: 0.000_010, p75: 0.000_011, p99: 0.000_030, min: 0.000_009, max: 0.000_100, sd: 0.000_002, rme: 0.5, samplesCount: 5000 };
const identity = { name: 'f', n: 1000, hash: 'abc' };

describe('measurement arithmetic', () => {
  it('sizes a batch so a sample lasts about the target', () => {
    assert.equal(batchSize(1, 0.000_010), Math.round(TARGET_SAMPLE_MS / 0.000_010));
    assert.equal(batchSize(100, 0.5), 20, 'from a batch of 100 calls that took 0.5 ms');
    assert.equal(batchSize(1, 5), 1, 'a call longer than a sample runs alone');
    assert.equal(batchSize(1, 1e-12), MAX_BATCH);
    assert.equal(batchSize(10, 0), 160, 'a batch too fast to time grows');
    assert.equal(batchSize(1, 0.000_001, 64), 64, 'capped (fresh inputs)');
  });

  it('subtracts the empty loop per call, never below zero', () => {
    assert.equal(perCall(1, 100, 0.002), 0.008);
    assert.equal(perCall(0.1, 100, 0.002), 0);
  });

  it('takes medians of odd and even counts', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(median([]), 0);
  });

  it('reads the clock step of a coarse clock', () => {
    let tick = 0;
    assert.equal(timerResolutionMs(() => Math.floor(tick++ / 3) * 0.5), 0.5);
  });
});

describe('results', () => {
  it('are in nanoseconds per call with ops/s from the mean', () => {
    const result = toResult(latency, { batch: 10, baselineMs: 0.000_000_5, timerResolutionMs: 0.000_03, freshInputs: false, gcMsPerCall: 0 }, identity);
    assert.equal(Math.round(result.meanNs), 12);
    assert.equal(Math.round(result.p50Ns), 10);
    assert.equal(Math.round(result.p99Ns), 30);
    assert.equal(Math.round(result.maxNs), 100);
    assert.equal(Math.round(result.sdNs), 2);
    assert.equal(Math.round(result.opsPerSec), Math.round(1e9 / 12));
    assert.deepEqual([result.name, result.n, result.samples, result.batch, result.hash, result.rme], ['f', 1000, 5000, 10, 'abc', 0.5]);
    assert.equal(result.baselineNs, 0.5);
  });

  it('flag a median within a few times what the timer and the loop resolve', () => {
    const coarse = toResult(latency, { batch: 10, baselineMs: 0, timerResolutionMs: 0.000_03, freshInputs: false, gcMsPerCall: 0 }, identity);
    assert.equal(coarse.nearTimerResolution, true, '10 ns against a 30 ns clock step over 10 calls');
    const batched = toResult(latency, { batch: 10_000, baselineMs: 0.000_000_5, timerResolutionMs: 0.000_03, freshInputs: false, gcMsPerCall: 0 }, identity);
    assert.equal(batched.nearTimerResolution, false);
    const loopBound = toResult(latency, { batch: 10_000, baselineMs: 0.000_003, timerResolutionMs: 0.000_03, freshInputs: false, gcMsPerCall: 0 }, identity);
    assert.equal(loopBound.nearTimerResolution, true, 'the empty loop costs a third of the call');
  });

  it('stay finite when everything was below resolution', () => {
    const zero = toResult({ ...latency, mean: 0, p50: 0, rme: Infinity }, { batch: 1000, baselineMs: 0.000_000_5, timerResolutionMs: 0.000_03, freshInputs: false, gcMsPerCall: 0 }, identity);
    assert.ok(Number.isFinite(zero.opsPerSec));
    assert.equal(zero.rme, 0);
    assert.equal(zero.nearTimerResolution, true);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(zero)));
  });
});

describe('summaries', () => {
  it('give mean, interpolated percentiles, extremes, sample deviation and the relative margin of error', () => {
    const stats = summarize([5, 1, 4, 2, 3]);
    assert.deepEqual([stats.mean, stats.p50, stats.p75, stats.min, stats.max, stats.samplesCount], [3, 3, 4, 1, 5, 5]);
    assert.equal(stats.p99, 4.96);
    assert.equal(stats.sd, Math.sqrt(2.5));
    assert.equal(stats.rme.toFixed(3), ((100 * 2.776 * Math.sqrt(2.5)) / Math.sqrt(5) / 3).toFixed(3));
    assert.deepEqual(summarize([7]), { mean: 7, p50: 7, p75: 7, p99: 7, min: 7, max: 7, sd: 0, rme: 0, samplesCount: 1 });
  });
});

describe('garbage collection charges', () => {
  it('take pauses out of the samples they fell in and charge every call the same share', () => {
    const samples = [
      { start: 0, end: 1, calls: 10, ms: 1 },
      { start: 2, end: 3.5, calls: 10, ms: 1.5 },
      { start: 4, end: 5, calls: 10, ms: 1 },
    ];
    // One 0.5 ms pause inside the second sample, one outside every sample (not the function's).
    const { perCall, gcMsPerCall } = chargeCollections(samples, [{ start: 2.5, duration: 0.5 }, { start: 3.6, duration: 0.3 }], 0.01);
    assert.equal(gcMsPerCall, 0.5 / 30);
    assert.deepEqual(perCall.map((ms) => ms.toFixed(6)), [0.09, 0.09, 0.09].map((ms) => (ms + 0.5 / 30).toFixed(6)));
  });

  it('weigh pauses by their median length, so one stretched by the OS does not weigh on every call', () => {
    const samples = Array.from({ length: 5 }, (_, i) => ({ start: i * 10, end: i * 10 + 5, calls: 100, ms: 5 }));
    const pauses = [0.1, 0.1, 0.1, 0.1, 4].map((duration, i) => ({ start: i * 10 + 0.5, duration }));
    assert.equal(chargeCollections(samples, pauses, 0).gcMsPerCall.toFixed(6), ((0.1 * 5) / 500).toFixed(6));
  });

  it('count only the part of a pause that overlaps a sample', () => {
    const { gcMsPerCall } = chargeCollections([{ start: 10, end: 11, calls: 4, ms: 1 }], [{ start: 10.8, duration: 0.4 }], 0);
    assert.equal(gcMsPerCall.toFixed(6), (0.2 / 4).toFixed(6));
  });
});

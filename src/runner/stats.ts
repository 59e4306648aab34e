/**
 * The arithmetic of a measurement: how many calls to time together, what a sample is worth once
 * the empty loop is subtracted, and the result in the shape. Pure, so tests check it
 * without timing anything.
 */
import type { BenchResult } from './protocol.ts';

/** A sample should last about this long: far above the timer's resolution, short enough for thousands of samples. */
export const TARGET_SAMPLE_MS = 0.1;
/** Upper bound on calls per sample (a sub-nanosecond call would otherwise ask for millions). */
export const MAX_BATCH = 10_000_000;
/** A median within this many times what the timer and loop resolve is flagged. */
const NEAR_RESOLUTION_FACTOR = 5;

/** Calls per sample so one sample lasts about `TARGET_SAMPLE_MS`, from a batch of `count` calls that took `elapsedMs`. */
export function batchSize(count: number, elapsedMs: number, cap = MAX_BATCH): number {
  if (elapsedMs <= 0) return Math.min(cap, count * 16);
  return Math.max(1, Math.min(cap, Math.round((count * TARGET_SAMPLE_MS) / elapsedMs)));
}

/** One sample's per-call time: the batch's mean minus the empty loop's, never below zero. */
export function perCall(elapsedMs: number, count: number, baselineMs: number): number {
  return Math.max(0, elapsedMs / count - baselineMs);
}

/** The median of a copy of `values` (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The smallest step of the clock, from a few hundred consecutive readings that differ. */
export function timerResolutionMs(now: () => number): number {
  let smallest = Infinity;
  for (let i = 0; i < 200; i++) {
    const start = now();
    let next = now();
    while (next === start) next = now();
    smallest = Math.min(smallest, next - start);
  }
  return smallest;
}

/** Two-sided 95 % Student t critical values for 1–30 degrees of freedom; beyond that the normal 1.96. */
const T_95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The `p` quantile of sorted values, interpolated between the two nearest (as tinybench does). */
function quantile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const low = sorted[below] ?? 0;
  const high = sorted[below + 1] ?? low;
  return low + (high - low) * (position - below);
}

/** Statistics of per-call samples (ms). */
export function summarize(values: readonly number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const count = sorted.length;
  const mean = count ? sorted.reduce((sum, value) => sum + value, 0) / count : 0;
  const variance = count > 1 ? sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1) : 0;
  const sd = Math.sqrt(variance);
  const critical = count > 1 ? (T_95[count - 2] ?? 1.96) : 0;
  return {
    mean,
    p50: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
    min: sorted[0] ?? 0,
    max: sorted[count - 1] ?? 0,
    sd,
    rme: mean > 0 ? (100 * critical * sd) / Math.sqrt(count) / mean : 0,
    samplesCount: count,
  };
}

/** Latency statistics of the per-call samples, in ms. */
export interface LatencyStats {
  mean: number;
  p50: number;
  p75: number;
  p99: number;
  min: number;
  max: number;
  sd: number;
  rme: number;
  samplesCount: number;
}

export interface Measurement {
  batch: number;
  baselineMs: number;
  timerResolutionMs: number;
  freshInputs: boolean;
  /** Garbage collection charged to each call (see gc.ts). */
  gcMsPerCall: number;
}

const NS_PER_MS = 1e6;

export function toResult(latency: LatencyStats, measurement: Measurement, identity: { name: string; n: number; hash: string }): BenchResult {
  const meanNs = latency.mean * NS_PER_MS;
  // What one sample can tell apart, per call: a clock step spread over the batch, or the loop itself.
  const resolutionNs = Math.max((measurement.timerResolutionMs * NS_PER_MS) / measurement.batch, measurement.baselineMs * NS_PER_MS);
  return {
    name: identity.name,
    n: identity.n,
    meanNs,
    p50Ns: latency.p50 * NS_PER_MS,
    p75Ns: latency.p75 * NS_PER_MS,
    p99Ns: latency.p99 * NS_PER_MS,
    minNs: latency.min * NS_PER_MS,
    maxNs: latency.max * NS_PER_MS,
    sdNs: latency.sd * NS_PER_MS,
    rme: Number.isFinite(latency.rme) ? latency.rme : 0,
    samples: latency.samplesCount,
    // A mean clamped to zero is below resolution: report the rate the resolution allows (flagged).
    opsPerSec: 1e9 / (meanNs > 0 ? meanNs : resolutionNs || 1),
    batch: measurement.batch,
    baselineNs: measurement.baselineMs * NS_PER_MS,
    gcNs: measurement.gcMsPerCall * NS_PER_MS,
    nearTimerResolution: latency.p50 * NS_PER_MS < NEAR_RESOLUTION_FACTOR * resolutionNs,
    freshInputs: measurement.freshInputs,
    hash: identity.hash,
  };
}

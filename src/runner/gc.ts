/**
 * Garbage collection, charged fairly. A function that allocates pays for collection, but in a
 * short sample a scavenge either lands (and that sample is an outlier) or not (and the median
 * never sees it), so the median would hide the cost and the mean would be noisy. Instead each
 * sample loses the pauses that fell inside it and every call is charged the same share of all of
 * them: the median then includes GC as amortized work, as in a sample long enough to span a
 * young-generation cycle (mitata's 4096-call batches), without the noise.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { median } from './stats.ts';

export interface Pause {
  start: number;
  duration: number;
}

/** A timed batch: `start`/`end` on `performance.now()`'s clock, `ms` as the loop measured it. */
export interface TimedSample {
  start: number;
  end: number;
  calls: number;
  ms: number;
}

/**
 * Records GC pauses from now on (Node delivers them after the fact, on a later turn of the event
 * loop). Without GC entries in this Node, records nothing and the samples are left as they are.
 */
export function recordPauses(): { stop(): Promise<Pause[]> } {
  const pauses: Pause[] = [];
  let observer: PerformanceObserver | undefined;
  try {
    observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) pauses.push({ start: entry.startTime, duration: entry.duration });
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    observer = undefined;
  }
  return {
    stop: async () => {
      // Pending entries arrive on a timer turn after the collection that made them.
      await new Promise((resolve) => setTimeout(resolve, 10));
      observer?.disconnect();
      return pauses;
    },
  };
}

function overlap(sample: TimedSample, pause: Pause): number {
  return Math.max(0, Math.min(sample.end, pause.start + pause.duration) - Math.max(sample.start, pause.start));
}

/**
 * Per-call times: each sample without the pauses inside it, minus the empty loop, plus every
 * call's share of the pauses. `gcMsPerCall` is that share, counted as the pauses' number times
 * their median length: a pause the OS stretched (the thread descheduled mid-collection) would
 * otherwise weigh on every call.
 */
export function chargeCollections(samples: readonly TimedSample[], pauses: readonly Pause[], baselineMs: number): { perCall: number[]; gcMsPerCall: number } {
  const inside: number[] = [];
  let calls = 0;
  const own = samples.map((sample) => {
    let paused = 0;
    for (const pause of pauses) {
      const ms = overlap(sample, pause);
      if (ms > 0) inside.push(ms);
      paused += ms;
    }
    calls += sample.calls;
    return Math.max(0, (sample.ms - paused) / sample.calls - baselineMs);
  });
  const gcMsPerCall = calls > 0 && inside.length > 0 ? (median(inside) * inside.length) / calls : 0;
  return { perCall: own.map((ms) => ms + gcMsPerCall), gcMsPerCall };
}

// Exponential backoff with jitter between attempts: delay = min(max, initial · factor^(n−1)),
// then scaled by a random factor in [1 − jitter, 1], so that many notifications failing together
// (a receiver down) do not come back in one burst when it returns.

export interface BackoffPolicy {
  /** Delay after the first failed attempt. Default 1 s. */
  initialMs?: number;
  /** Default 5 min. */
  maxMs?: number;
  /** Default 2. */
  factor?: number;
  /** Fraction of the delay that is random, 0..1. Default 0.5. */
  jitter?: number;
}

export function retryDelayMs(p: BackoffPolicy, attempt: number, random: () => number): number {
  const initial = p.initialMs ?? 1000;
  const max = p.maxMs ?? 300_000;
  const jitter = Math.min(1, Math.max(0, p.jitter ?? 0.5));
  const raw = Math.min(max, initial * (p.factor ?? 2) ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(raw * (1 - jitter * random())));
}

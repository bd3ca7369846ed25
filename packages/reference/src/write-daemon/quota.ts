import { writeDaemonProblem } from '@dbwire/server-stubs/write-daemon';

export interface QuotaOptions {
  /** Tokens added per second. */
  requestsPerSecond: number;
  /** Bucket size: how many requests may arrive at once. */
  burst: number;
}

/** Generous enough that only a runaway client meets it. */
export const DEFAULT_QUOTA: QuotaOptions = { requestsPerSecond: 1000, burst: 2000 };

interface Bucket {
  tokens: number;
  refilledAtMs: number;
}

/** Buckets untouched this long are full again, so they can be forgotten. */
const IDLE_MS = 60_000;

/**
 * Per-tenant rate limits: a token bucket per tenant, in this process's memory. Several processes
 * behind a load balancer each allow the configured rate (the limit is per process), which keeps
 * the check free of storage round trips.
 */
export class QuotaLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAtMs = 0;

  constructor(
    private readonly options: QuotaOptions,
    private readonly now: () => number,
  ) {
    if (!(options.requestsPerSecond > 0 && options.burst >= 1)) {
      throw new RangeError('quota.requestsPerSecond must be positive and quota.burst at least 1.');
    }
  }

  /** Takes one request from `tenant`'s bucket, or throws 429 `QUOTA_EXCEEDED` with the wait. */
  take(tenant: string): void {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(tenant) ?? { tokens: this.options.burst, refilledAtMs: now };
    const elapsed = Math.max(0, now - bucket.refilledAtMs);
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (elapsed * this.options.requestsPerSecond) / 1000);
    bucket.refilledAtMs = now;
    this.buckets.set(tenant, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    const waitMs = Math.ceil(((1 - bucket.tokens) * 1000) / this.options.requestsPerSecond);
    throw writeDaemonProblem(
      429,
      'QUOTA_EXCEEDED',
      `${tenant} exceeded its request rate.`,
      { retry_after_ms: waitMs },
      { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
    );
  }

  private sweep(now: number): void {
    if (now - this.sweptAtMs < IDLE_MS) return;
    this.sweptAtMs = now;
    for (const [tenant, bucket] of this.buckets) if (now - bucket.refilledAtMs > IDLE_MS) this.buckets.delete(tenant);
  }
}

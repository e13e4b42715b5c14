/**
 * Token buckets keyed by participant (or address): `capacity` requests at once, refilled at `perSecond`.
 * An outbox that was offline for an hour sends one batch, so honest laptops stay far below the limits;
 * they exist so that one broken or hostile client cannot flood the hub's disk or CPU.
 */
export interface BucketOptions {
  capacity: number;
  perSecond: number;
  /** Forget idle keys after this long (keeps memory bounded under address scans). */
  idleMs?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly #options: Required<BucketOptions>;
  readonly #buckets = new Map<string, Bucket>();
  readonly #clock: () => number;
  #lastSweep = 0;

  constructor(options: BucketOptions, clock: () => number = () => performance.now()) {
    this.#options = { idleMs: 10 * 60_000, ...options };
    this.#clock = clock;
  }

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before trying again. */
  take(key: string, cost = 1): number {
    const now = this.#clock();
    this.#sweep(now);
    const { capacity, perSecond } = this.#options;
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * perSecond);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - bucket.tokens) / perSecond));
  }

  #sweep(now: number): void {
    if (now - this.#lastSweep < this.#options.idleMs) return;
    this.#lastSweep = now;
    for (const [key, bucket] of this.#buckets) if (now - bucket.updatedAt > this.#options.idleMs) this.#buckets.delete(key);
  }
}

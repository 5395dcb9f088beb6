/**
 * Token-bucket rate limiter keyed by client id, with an idle-bucket sweeper.
 * Each client may burst up to `capacity` requests and then gets `refillPerSecond` more per second.
 */
export interface LimiterOptions {
  capacity: number;
  refillPerSecond: number;
  /** Buckets untouched for this long are dropped by sweep(). */
  idleMs: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets: Record<string, Bucket> = {};
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Takes `cost` tokens for `clientId`; returns false when the client must wait. */
  tryTake(clientId: string, cost = 1): boolean {
    const bucket = this.refill(clientId);
    if (bucket.tokens > cost) {
      bucket.tokens -= cost;
      return true;
    }
    return false;
  }

  /** Milliseconds until `cost` tokens are available for `clientId`. */
  waitTime(clientId: string, cost = 1): number {
    const bucket = this.refill(clientId);
    const missing = cost - bucket.tokens;
    if (missing <= 0) return 0;
    return Math.ceil(missing / this.options.refillPerSecond);
  }

  sweep(): number {
    const cutoff = this.now() - this.options.idleMs;
    let removed = 0;
    for (const id of Object.keys(this.buckets)) {
      if (this.buckets[id]!.updatedAt < cutoff) {
        delete this.buckets[id];
        removed++;
      }
    }
    return removed;
  }

  private refill(clientId: string): Bucket {
    const now = this.now();
    let bucket = this.buckets[clientId];
    if (!bucket) {
      bucket = { tokens: this.options.capacity, updatedAt: now };
      this.buckets[clientId] = bucket;
      return bucket;
    }
    const elapsedSeconds = (now - bucket.updatedAt) / 1000;
    bucket.tokens = bucket.tokens + elapsedSeconds * this.options.refillPerSecond;
    bucket.updatedAt = now;
    return bucket;
  }
}

// Client-side pacing of the requests to one product: at most `concurrency` in flight at once, and a
// token bucket of `perSecond` tokens a second (bursts of up to one second's worth). Atlassian answers
// overuse with 429 and a Retry-After that can run to minutes; pacing ourselves keeps an agent that
// fans out (an issue with every part included, a deep page tree, a bulk create) under the site's limits
// and shares one site fairly between the sessions of an HTTP server.

export interface ThrottleSettings {
  /** Requests in flight at once; at least 1. */
  concurrency: number;
  /** Requests started per second; 0 turns the rate limit off (concurrency still applies). */
  perSecond: number;
}

/** Something the caller must give back when its request is done. */
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class Throttle {
  readonly #concurrency: number;
  readonly #perSecond: number;
  readonly #capacity: number;
  #tokens: number;
  #refilledAt = performance.now();
  #active = 0;
  readonly #queue: Waiter[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(settings: ThrottleSettings) {
    this.#concurrency = Math.max(1, Math.floor(settings.concurrency));
    this.#perSecond = Math.max(0, settings.perSecond);
    this.#capacity = Math.max(1, this.#perSecond);
    this.#tokens = this.#capacity;
  }

  /** Requests waiting for their turn (for logs and tests). */
  get waiting(): number {
    return this.#queue.length;
  }

  /**
   * Resolves when a request may start, first come first served; the returned function must be called
   * when it ends. An aborted signal takes the caller out of the queue with the signal's reason.
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.#queue.indexOf(waiter);
          if (index >= 0) this.#queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#drain();
    });
  }

  #refill(): void {
    if (this.#perSecond === 0) return;
    const now = performance.now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#perSecond);
    this.#refilledAt = now;
  }

  #drain(): void {
    this.#refill();
    while (this.#queue.length > 0 && this.#active < this.#concurrency && (this.#perSecond === 0 || this.#tokens >= 1)) {
      const waiter = this.#queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      if (this.#perSecond > 0) this.#tokens -= 1;
      this.#active += 1;
      let released = false;
      waiter.resolve(() => {
        if (released) return;
        released = true;
        this.#active -= 1;
        this.#drain();
      });
    }
    // Out of tokens with callers waiting: come back when the next token is due. A free slot needs no
    // timer: release() drains.
    if (this.#queue.length > 0 && this.#active < this.#concurrency && this.#timer === undefined) {
      const dueMs = Math.max(1, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000));
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#drain();
      }, dueMs);
    }
  }
}

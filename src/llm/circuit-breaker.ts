export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * Opens after `failures` consecutive failures; after `openMs` lets exactly one probe through (half-open):
 * its success closes the circuit, its failure opens it again. Per instance: each instance judges the
 * upstream from its own calls.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openedAt = 0;
  private probing = false;
  private current: CircuitState = 'closed';

  constructor(
    private readonly failures: number,
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    return this.current;
  }

  /** True when a call may go out now; a true in the half-open state reserves the single probe. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.current === 'open' && this.now() - this.openedAt >= this.openMs) this.current = 'half_open';
    if (this.current === 'half_open' && !this.probing) {
      this.probing = true;
      return true;
    }
    return false;
  }

  success(): void {
    this.consecutive = 0;
    this.probing = false;
    this.current = 'closed';
  }

  failure(): void {
    this.probing = false;
    this.consecutive += 1;
    if (this.current === 'half_open' || this.consecutive >= this.failures) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }

  /** A call that ended without telling anything about the upstream (e.g. aborted by shutdown). */
  release(): void {
    this.probing = false;
  }
}

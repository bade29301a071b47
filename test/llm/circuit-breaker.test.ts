import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/llm/circuit-breaker.js';

describe('CircuitBreaker', () => {
  it('lets exactly one probe through when half-open', () => {
    let t = 0;
    const breaker = new CircuitBreaker(2, 1000, () => t);
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    t = 1000;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(false);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('resets the count of consecutive failures on success and frees a probe that ended without a verdict', () => {
    let t = 0;
    const breaker = new CircuitBreaker(2, 1000, () => t);
    breaker.failure();
    breaker.success();
    breaker.failure();
    expect(breaker.state).toBe('closed');
    breaker.failure();
    t = 5000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});

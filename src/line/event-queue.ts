import { setMaxListeners } from 'node:events';
import type { Logger } from '../log/logger.js';

export type EventTask = (signal: AbortSignal) => Promise<void>;

/** In-process queue for webhook events: work starts after the HTTP answer, a few tasks at a time. */
export interface EventQueue {
  /** False once the queue is draining: the caller should refuse the work (503) so LINE can redeliver. */
  push(task: EventTask, label: { webhookEventId: string }): boolean;
  /** Waiting plus running tasks. */
  readonly size: number;
  /**
   * Stops taking work and waits for everything queued or running, at most `timeoutMs`; then aborts what is
   * left. Resolves with the number of tasks that did not finish.
   */
  drain(timeoutMs: number): Promise<number>;
}

export function createEventQueue({ concurrency = 8, logger }: { concurrency?: number; logger: Logger }): EventQueue {
  const waiting: Array<{ task: EventTask; webhookEventId: string }> = [];
  const abort = new AbortController();
  // Every running task may listen on the shared signal (LINE calls, backoff, Gemini): more than Node's 10.
  setMaxListeners(concurrency * 8, abort.signal);
  let running = 0;
  let draining = false;
  let idle: (() => void) | undefined;

  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const item = waiting.shift()!;
      running += 1;
      item
        .task(abort.signal)
        .catch((err: unknown) => {
          logger.error({ webhookEventId: item.webhookEventId, err }, 'event task failed');
        })
        .finally(() => {
          running -= 1;
          if (running === 0 && waiting.length === 0) idle?.();
          next();
        });
    }
  };

  return {
    push(task, { webhookEventId }) {
      if (draining) return false;
      waiting.push({ task, webhookEventId });
      // Start on the next turn of the event loop, after the webhook's answer has been written.
      setImmediate(next);
      return true;
    },
    get size() {
      return waiting.length + running;
    },
    async drain(timeoutMs) {
      draining = true;
      if (running === 0 && waiting.length === 0) return 0;
      const finished = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      if (finished) return 0;
      const left = waiting.length + running;
      for (const item of waiting.splice(0)) {
        logger.error({ webhookEventId: item.webhookEventId }, 'event dropped at shutdown: not started in time');
      }
      abort.abort(new Error('shutting down'));
      logger.error({ unfinished: left }, 'shutdown timeout: events in flight were aborted');
      return left;
    },
  };
}

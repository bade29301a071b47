import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * `@line/bot-sdk` 11 calls the global `fetch` with no signal and has no timeout option. To bound every LINE
 * call without changing `fetch` for anyone else (Gemini, tests), the global is wrapped once with a
 * pass-through that adds a signal only inside `withFetchSignal(...)`; everywhere else it behaves exactly as
 * the original.
 */
const scope = new AsyncLocalStorage<AbortSignal>();
const WRAPPED = Symbol.for('careline.scopedFetch');

function installScopedFetch(): void {
  const current = globalThis.fetch as typeof fetch & { [WRAPPED]?: true };
  if (current[WRAPPED]) return;
  const original = current;
  const wrapped = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const signal = scope.getStore();
    if (!signal) return original(input, init);
    return original(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
  }) as typeof fetch & { [WRAPPED]?: true };
  wrapped[WRAPPED] = true;
  globalThis.fetch = wrapped;
}

/** Runs `fn` so that every `fetch` it makes (directly or through an SDK) is aborted by `signal`. */
export function withFetchSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  installScopedFetch();
  return scope.run(signal, fn);
}

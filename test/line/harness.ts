import type { App } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import type { ConversationEvent, ConversationHandler, ConversationReply } from '../../src/conversation/types.js';
import { createLogger } from '../../src/log/logger.js';
import type { FakeLine } from '../fakes/line-server.js';

export const SECRET = '0123456789abcdef0123456789abcdef';
export const TOKEN = 'test-channel-access-token';

/** A conversation handler for transport tests: records events, answers one text, can be held back. */
export class RecordingHandler implements ConversationHandler {
  events: ConversationEvent[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  /** Makes every handle() wait until release() is called. */
  hold(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  /** Makes handle() throw for texts containing this. */
  failOn: string | undefined;

  async handle(event: ConversationEvent): Promise<ConversationReply> {
    this.events.push(event);
    if (this.gate) await this.gate;
    if (this.failOn && event.type === 'text' && event.text.includes(this.failOn)) throw new Error('handler broke');
    if (event.type === 'unfollow') return { messages: [] };
    return { messages: [{ type: 'text', text: `收到 ${event.type}` }] };
  }
}

export interface TestApp {
  app: App;
  url: string;
  handler: RecordingHandler;
  /** Resolves once `count` webhook events have been fully processed (any outcome). */
  settled(count: number): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Starts the app against the fake LINE; `real: true` keeps CareLine's own conversation handler. */
export async function startApp(
  line: FakeLine | undefined,
  env: Record<string, string> = {},
  { real = false }: { real?: boolean } = {},
): Promise<TestApp> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...(line ? { LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_BASE_URL: line.url } : {}),
    LINE_TIMEOUT_MS: '2000',
    ...env,
  });
  const handler = new RecordingHandler();
  const app = await buildApp(config, createLogger('silent'), real ? {} : { conversationHandler: handler });
  const url = await app.server.listen({ port: 0, host: '127.0.0.1' });
  if (env.REDIS_URL) await waitForRedis(url);
  return {
    app,
    url,
    handler,
    async settled(count) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const values = (await app.metrics.events.get()).values;
        const outcomes: Record<string, number> = {};
        for (const v of values) {
          const outcome = String(v.labels.outcome);
          outcomes[outcome] = (outcomes[outcome] ?? 0) + v.value;
        }
        if (values.reduce((n, v) => n + v.value, 0) >= count) return outcomes;
        if (Date.now() > deadline) throw new Error(`only ${JSON.stringify(outcomes)} of ${count} events settled`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => app.close(),
  };
}

async function waitForRedis(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const health = (await (await fetch(`${url}/health`)).json()) as { dependencies: { name: string; state: string }[] };
    if (health.dependencies.some((d) => d.name === 'redis' && d.state === 'up')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('redis did not become ready');
}

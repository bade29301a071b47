import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLine, startFakeLine } from '../fakes/line-server.js';
import { postWebhook, textEvent, webhookBody } from '../helpers/line-webhook.js';
import { freePort } from '../helpers/redis-server.js';
import { SECRET, TOKEN } from './harness.js';

describe('SIGTERM with events in flight', () => {
  let line: FakeLine;
  beforeAll(async () => {
    line = await startFakeLine({ channelAccessToken: TOKEN });
  });
  afterAll(() => line.close());

  it('finishes the events it accepted, then exits 0', async () => {
    const port = await freePort();
    // node --import tsx: one process, so SIGTERM reaches main.ts itself (npx would not forward it).
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        LINE_CHANNEL_SECRET: SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: line.url,
        LINE_TIMEOUT_MS: '10000',
        SHUTDOWN_TIMEOUT_MS: '15000',
        REDIS_URL: '',
        GEMINI_API_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const logs: Array<Record<string, unknown>> = [];
    let listening: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      listening = resolve;
    });
    createInterface({ input: child.stdout! }).on('line', (l) => {
      try {
        const entry = JSON.parse(l) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.msg === 'string' && entry.msg.startsWith('CareLine is listening')) listening();
      } catch {}
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await ready;
      const url = `http://127.0.0.1:${port}`;
      // Every reply is slow, so the three events are still in flight when SIGTERM arrives.
      line.failNext('reply', { delayMs: 1500 }, { delayMs: 1500 }, { delayMs: 1500 });
      const events = [textEvent('一'), textEvent('二'), textEvent('三')];
      expect((await postWebhook(url, webhookBody(events), { secret: SECRET })).status).toBe(200);
      await line.waitForCalls('reply', 3);
      expect(line.replies()).toHaveLength(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(line.replies()).toHaveLength(3);
      const handled = logs.filter((e) => e.msg === 'event handled').map((e) => e.webhookEventId);
      expect(handled.sort()).toEqual(events.map((e) => e.webhookEventId).sort());
      const order = logs.map((e) => e.msg);
      expect(order.lastIndexOf('event handled')).toBeLessThan(order.indexOf('stopped cleanly'));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});

import { Agent, request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load.js';
import type { ConversationHandler } from '../src/conversation/types.js';
import { createLogger } from '../src/log/logger.js';
import { startFakeLine } from '../test/fakes/line-server.js';
import { signBody, textEvent, webhookBody } from '../test/helpers/line-webhook.js';

/**
 * Time from sending a signed webhook POST to receiving the 200, over loopback, through the real app (signature
 * check, validation, enqueue) while the events are processed and replied to the fake LINE in the background.
 */
const SECRET = '0123456789abcdef0123456789abcdef';
const TOKEN = 'bench-token';

export default async function webhookBench(opts: { requests?: number; concurrency?: number } = {}) {
  const requests = opts.requests ?? 3000;
  const line = await startFakeLine({ channelAccessToken: TOKEN, checkMessages: false });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: line.url,
  });
  const handler: ConversationHandler = { handle: async () => ({ messages: [{ type: 'text', text: '收到' }] }) };
  const app = await buildApp(config, createLogger('silent'), { conversationHandler: handler });
  const base = new URL(await app.server.listen({ port: 0, host: '127.0.0.1' }));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          path: '/webhook',
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            'x-line-signature': signBody(body, SECRET),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
            else resolve(Number(process.hrtime.bigint() - started) / 1e6);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const makeBody = () => JSON.stringify(webhookBody([textEvent('媽媽最近常常忘記剛吃過飯，一直問什麼時候吃飯')]));

  const run = async (n: number, concurrency: number) => {
    const times: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < n) {
        next += 1;
        times.push(await post(makeBody()));
      }
    };
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    times.sort((a, b) => a - b);
    const q = (p: number) => round(times[Math.min(times.length - 1, Math.floor(p * times.length))]!);
    return { requests: n, concurrency, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1), perSecond: Math.round(n / seconds) };
  };

  try {
    await run(300, 1); // warm-up
    const sequential = await run(requests, 1);
    const concurrent = await run(requests, opts.concurrency ?? 16);
    return {
      metric: 'time to 200 for a signed one-event webhook POST over loopback',
      sequential,
      concurrent,
      // Loopback latency depends on what else the machine runs: report the load it was measured under.
      machine: { cpus: availableParallelism(), loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 },
    };
  } finally {
    agent.destroy();
    await app.close();
    await line.close();
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await webhookBench()));
}

import { afterEach, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { startFakeLine } from '../fakes/line-server.js';
import { postWebhook, textEvent, webhookBody } from '../helpers/line-webhook.js';

const SERIES = [
  'careline_webhook_requests_total',
  'careline_events_total',
  'careline_messages_sent_total',
  'careline_send_failures_total',
  'careline_analysis_duration_seconds',
  'careline_cache_lookups_total',
  'careline_llm_calls_total',
  'careline_llm_tokens_total',
  'careline_llm_cost_usd_total',
  'careline_llm_budget_left_usd',
  'careline_http_requests_total',
  // Default process metrics, event-loop lag among them.
  'careline_nodejs_eventloop_lag_p99_seconds',
  'careline_nodejs_eventloop_lag_seconds',
  'careline_process_cpu_user_seconds_total',
  'careline_process_resident_memory_bytes',
  'careline_nodejs_heap_size_used_bytes',
];

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(env: Record<string, string> = {}): Promise<App> {
  app = await buildApp(loadConfig(env), createLogger('silent'));
  return app;
}

/** The value of one sample line, e.g. `name{a="b"} 3`. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('GET /metrics', () => {
  it('exposes every named series in Prometheus format, counting the traffic it saw', async () => {
    const { server } = await start();
    for (let i = 0; i < 3; i++) expect((await server.inject({ url: '/health' })).statusCode).toBe(200);
    expect((await server.inject({ url: '/no-such-page' })).statusCode).toBe(404);

    const res = await server.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.headers['content-type']).toContain('version=0.0.4');
    for (const name of SERIES) expect(res.body, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    expect(sample(res.body, 'careline_http_requests_total', 'route="/health",method="GET",status="200"')).toBe(3);
    expect(sample(res.body, 'careline_http_requests_total', 'route="unmatched",method="GET",status="404"')).toBe(1);
    expect(res.body).not.toContain('no-such-page');
  });

  it('counts webhook requests by status, events by type and messages sent after LINE traffic', async () => {
    const secret = '0123456789abcdef0123456789abcdef';
    const line = await startFakeLine({ channelAccessToken: 'token', channelSecret: secret });
    try {
      const { server } = await start({
        LINE_CHANNEL_SECRET: secret,
        LINE_CHANNEL_ACCESS_TOKEN: 'token',
        LINE_API_BASE_URL: line.url,
      });
      const url = await server.listen({ port: 0, host: '127.0.0.1' });
      expect((await postWebhook(url, webhookBody([]), { secret })).status).toBe(200);
      expect((await postWebhook(url, webhookBody([textEvent('我媽媽最近常常忘記關瓦斯')]), { secret })).status).toBe(
        200,
      );
      expect((await postWebhook(url, webhookBody([]), { secret: 'f'.repeat(32) })).status).toBe(401);
      await line.waitForCalls('reply', 1);
      // The event is counted once its answer is sent, just after the reply call.
      let res = await server.inject({ url: '/metrics' });
      for (let i = 0; i < 100 && !res.body.includes('careline_events_total{'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        res = await server.inject({ url: '/metrics' });
      }
      expect(sample(res.body, 'careline_webhook_requests_total', 'status="200"')).toBe(2);
      expect(sample(res.body, 'careline_webhook_requests_total', 'status="401"')).toBe(1);
      expect(res.body).toMatch(/^careline_events_total\{type="message",outcome="[a-z_]+"\} 1$/m);
      expect(res.body).toMatch(/^careline_messages_sent_total\{method="reply"\} \d+$/m);
    } finally {
      await line.close();
    }
  });

  it('times every analysis and counts cache lookups by namespace after real requests', async () => {
    const { server } = await start();
    for (const text of ['媽媽最近常常忘記關瓦斯', '媽媽最近常常忘記關瓦斯！', '爸爸半夜一直起來找東西']) {
      expect((await server.inject({ method: 'POST', url: '/api/analyze', payload: { text } })).statusCode).toBe(200);
    }
    const res = await server.inject({ url: '/metrics' });
    expect(sample(res.body, 'careline_cache_lookups_total', 'namespace="analysis",result="hit"')).toBe(1);
    expect(sample(res.body, 'careline_cache_lookups_total', 'namespace="analysis",result="miss"')).toBe(2);
    const count = res.body.split('\n').find((l) => l.startsWith('careline_analysis_duration_seconds_count'));
    expect(Number(count?.split(' ').pop())).toBe(2);
  });

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const { server } = await start({ METRICS_TOKEN: 'metrics-secret-123' });
    expect((await server.inject({ url: '/metrics' })).statusCode).toBe(401);
    const wrong = await server.inject({ url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    const right = await server.inject({ url: '/metrics', headers: { authorization: 'Bearer metrics-secret-123' } });
    expect(right.statusCode).toBe(200);
    expect(right.body).toContain('careline_webhook_requests_total');
  });
});

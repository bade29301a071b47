import { afterEach, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';

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

  it('shows what modules count into the shared registry', async () => {
    const { server, metrics } = await start();
    metrics.cacheLookups.inc({ namespace: 'analysis', result: 'hit' }, 2);
    metrics.analysisSeconds.observe(0.0003);
    const res = await server.inject({ url: '/metrics' });
    expect(sample(res.body, 'careline_cache_lookups_total', 'namespace="analysis",result="hit"')).toBe(2);
    expect(sample(res.body, 'careline_analysis_duration_seconds_bucket', 'le="0.0005"')).toBe(1);
    expect(sample(res.body, 'careline_analysis_duration_seconds_bucket', 'le="0.00025"')).toBe(0);
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

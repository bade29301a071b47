import type { FastifyInstance } from 'fastify';
import { HttpError } from '../http/errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { EventQueue } from './event-queue.js';
import type { EventProcessor } from './process-event.js';
import { verifySignature } from './signature.js';
import { webhookBodySchema } from './webhook-body.js';

export interface WebhookRouteDeps {
  metrics: Metrics;
  /** Absent in local mode (no LINE credentials): POST /webhook answers 503. */
  line?: {
    /** Current channel secret first, then the previous one while rotating. */
    secrets: string[];
    queue: EventQueue;
    process: EventProcessor;
  };
}

const BODY_LIMIT = 1024 * 1024;

/**
 * POST /webhook: verify the signature over the raw bytes, validate, answer 200 at once, process after.
 * GET /webhook: a short description for humans.
 */
export async function registerWebhookRoutes(server: FastifyInstance, deps: WebhookRouteDeps): Promise<void> {
  await server.register(async (scope) => {
    // Only in this scope: keep the exact bytes, since the signature covers them and not a re-serialised body.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    scope.addHook('onResponse', async (request, reply) => {
      if (request.method === 'POST') deps.metrics.webhookRequests.inc({ status: String(reply.statusCode) });
    });

    scope.get('/webhook', async () => ({
      service: 'careline',
      webhook: 'LINE Messaging API webhook: LINE POSTs signed events here.',
      lineConnected: Boolean(deps.line),
    }));

    scope.post('/webhook', async (request, reply) => {
      const line = deps.line;
      if (!line) {
        throw new HttpError(503, 'line_not_configured', 'LINE is not connected: this server runs in local mode.', {
          missing: ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
          fix: 'Set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN (LINE Developers Console) and restart.',
        });
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-line-signature'];
      if (typeof signature !== 'string' || !verifySignature(raw, signature, line.secrets)) {
        request.log.warn({ hasSignature: signature !== undefined }, 'webhook rejected: bad signature');
        throw new HttpError(401, 'bad_signature', 'Missing or invalid x-line-signature.');
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new HttpError(400, 'invalid_json', 'The body is not valid JSON.');
      }
      const parsed = webhookBodySchema.safeParse(json);
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message }));
        throw new HttpError(400, 'bad_webhook_body', 'The body is not a LINE webhook request.', { issues });
      }
      const receivedAt = Date.now();
      for (const event of parsed.data.events) {
        const accepted = line.queue.push((signal) => line.process(event, receivedAt, signal), event);
        if (!accepted) throw new HttpError(503, 'shutting_down', 'CareLine is restarting; please retry.');
      }
      return reply.code(200).send({});
    });
  });
}

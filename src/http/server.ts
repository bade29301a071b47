import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../log/logger.js';
import { HttpError } from './errors.js';

/** The Fastify instance with the one place that maps errors to HTTP answers. */
export function createHttpServer(logger: Logger): FastifyInstance {
  const server = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: true,
    return503OnClosing: true,
  });

  server.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: error.code, message: error.message, ...error.details });
    }
    const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return reply.code(statusCode).send({ error: code ?? 'bad_request', message });
    }
    request.log.error({ err: error, url: request.routeOptions.url }, 'unhandled error');
    return reply.code(500).send({ error: 'internal_error', message: 'Something went wrong on our side.' });
  });

  server.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}` });
  });

  return server;
}

import type { Config } from '../config/load.js';
import type { ConversationHandler } from '../conversation/types.js';
import type { IdHasher } from '../log/hash-id.js';
import type { Logger } from '../log/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { RedisClient } from '../redis/connect.js';
import { createLineApi } from './client.js';
import { createDeduper } from './dedupe.js';
import { createEventQueue, type EventQueue } from './event-queue.js';
import { createEventProcessor, type EventProcessor } from './process-event.js';
import { createLineSender, type LineSender } from './sender.js';

export interface LineTransport {
  secrets: string[];
  queue: EventQueue;
  process: EventProcessor;
  sender: LineSender;
}

export interface LineTransportDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  redis: RedisClient | undefined;
  hashId: IdHasher;
  handler: ConversationHandler;
}

/** Builds the LINE side (client, sender, dedupe, queue, event processor); undefined in local mode. */
export function createLineTransport({
  config,
  logger,
  metrics,
  redis,
  hashId,
  handler,
}: LineTransportDeps): LineTransport | undefined {
  if (!config.lineConfigured || !config.LINE_CHANNEL_SECRET || !config.LINE_CHANNEL_ACCESS_TOKEN) return undefined;
  const log = logger.child({ module: 'line' });
  const api = createLineApi({
    channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
    timeoutMs: config.LINE_TIMEOUT_MS,
    ...(config.LINE_API_BASE_URL ? { baseURL: config.LINE_API_BASE_URL } : {}),
  });
  const sender = createLineSender({ api, logger: log, metrics });
  const deduper = createDeduper({
    ...(redis ? { redis } : {}),
    keyPrefix: config.REDIS_KEY_PREFIX,
    ttlSeconds: config.DEDUPE_TTL_S,
    logger: log,
  });
  const queue = createEventQueue({ concurrency: 16, logger: log });
  const process = createEventProcessor({
    handler,
    sender,
    deduper,
    logger: log,
    metrics,
    hashId,
    groupKeyword: config.GROUP_TRIGGER_KEYWORD,
    loadingAtOnce: config.llmConfigured,
  });
  const secrets = [config.LINE_CHANNEL_SECRET, config.LINE_CHANNEL_SECRET_PREVIOUS].filter((s): s is string => !!s);
  return { secrets, queue, process, sender };
}

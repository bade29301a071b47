import { join } from 'node:path';
import { type Config, loadConfig, readEnvironment } from '../config/load.js';
import type { CliIO } from './commands/command.js';
import type { GeminiTarget } from './probes/gemini.js';
import type { LineTarget } from './probes/line.js';
import type { RedisTarget } from './probes/redis.js';

/** The configuration a command works with: the environment over `.env` in the working directory. */
export function loadCliConfig(io: CliIO): Config {
  return loadConfig(readEnvironment(io.env, join(io.cwd, '.env')));
}

export function lineTarget(config: Config): LineTarget | undefined {
  if (!config.LINE_CHANNEL_ACCESS_TOKEN) return undefined;
  return {
    accessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
    baseURL: config.LINE_API_BASE_URL,
    timeoutMs: config.LINE_TIMEOUT_MS,
  };
}

export function geminiTarget(config: Config): GeminiTarget | undefined {
  if (!config.GEMINI_API_KEY) return undefined;
  return {
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    baseUrl: config.GEMINI_BASE_URL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
  };
}

export function redisTarget(config: Config): RedisTarget | undefined {
  if (!config.redisConfigured) return undefined;
  return { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES, timeoutMs: 3000 };
}

/** The webhook URL LINE should call: PUBLIC_BASE_URL + /webhook. */
export function expectedWebhookUrl(config: Config): string | undefined {
  return config.PUBLIC_BASE_URL ? `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhook` : undefined;
}

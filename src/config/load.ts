import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { ConfigError, type ConfigProblem } from './errors.js';
import { type Env, envHints, envSchema } from './schema.js';

export type Config = Env & {
  /** LINE is connected only when both secret and token are set. */
  lineConfigured: boolean;
  llmConfigured: boolean;
  redisConfigured: boolean;
};

const SECRET_KEYS = [
  'LINE_CHANNEL_SECRET',
  'LINE_CHANNEL_SECRET_PREVIOUS',
  'LINE_CHANNEL_ACCESS_TOKEN',
  'GEMINI_API_KEY',
  'ADMIN_TOKEN',
  'METRICS_TOKEN',
  'USER_ID_SALT',
] as const;

/** Reads `.env` (when present) under the real environment: real variables win. */
export function readEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  dotenvPath: string | undefined = '.env',
): Record<string, string | undefined> {
  const fromFile = dotenvPath && existsSync(dotenvPath) ? parseEnv(readFileSync(dotenvPath, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** Validates the environment; throws one ConfigError listing every problem. */
export function loadConfig(raw: Record<string, string | undefined>): Config {
  const input: Record<string, string | undefined> = { ...raw };
  if (!input.GEMINI_API_KEY && input.AISTUDIO_API_KEY) input.GEMINI_API_KEY = input.AISTUDIO_API_KEY;

  const problems: ConfigProblem[] = [];
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      const existing = problems.find((p) => p.variable === variable);
      if (existing) {
        existing.problem = `${issue.message}; ${existing.problem}`;
        continue;
      }
      problems.push({
        variable,
        problem: `${issue.message} (got ${JSON.stringify(redactValue(variable, input[variable]))})`,
        fix: envHints[variable as keyof Env] ?? 'see .env.example',
      });
    }
  }
  const env = parsed.success ? parsed.data : undefined;
  const secret = input.LINE_CHANNEL_SECRET?.trim();
  const token = input.LINE_CHANNEL_ACCESS_TOKEN?.trim();
  if (token && !secret) {
    problems.push({
      variable: 'LINE_CHANNEL_SECRET',
      problem: 'LINE_CHANNEL_ACCESS_TOKEN is set but the channel secret is missing',
      fix: envHints.LINE_CHANNEL_SECRET,
    });
  }
  if (secret && !token) {
    problems.push({
      variable: 'LINE_CHANNEL_ACCESS_TOKEN',
      problem: 'LINE_CHANNEL_SECRET is set but the channel access token is missing',
      fix: envHints.LINE_CHANNEL_ACCESS_TOKEN,
    });
  }
  if (secret && !/^[0-9a-f]{32}$/i.test(secret)) {
    problems.push({
      variable: 'LINE_CHANNEL_SECRET',
      problem: 'a channel secret is 32 hexadecimal characters',
      fix: envHints.LINE_CHANNEL_SECRET,
    });
  }
  if (input.REDIS_URL?.trim() && input.REDIS_CLUSTER_NODES?.trim()) {
    problems.push({
      variable: 'REDIS_CLUSTER_NODES',
      problem: 'set either REDIS_URL or REDIS_CLUSTER_NODES, not both',
      fix: envHints.REDIS_CLUSTER_NODES,
    });
  }
  if (problems.length > 0 || !env) throw new ConfigError(problems);

  return {
    ...env,
    lineConfigured: Boolean(env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN),
    llmConfigured: Boolean(env.GEMINI_API_KEY),
    redisConfigured: Boolean(env.REDIS_URL || env.REDIS_CLUSTER_NODES),
  };
}

function redactValue(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return (SECRET_KEYS as readonly string[]).includes(variable) ? '***' : value;
}

/** The configuration with every secret replaced, safe to log or print. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) if (out[key]) out[key] = '***';
  for (const key of ['REDIS_URL'] as const) {
    if (typeof out[key] === 'string') out[key] = (out[key] as string).replace(/\/\/([^@/]*)@/, '//***@');
  }
  return out;
}

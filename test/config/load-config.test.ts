import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, redactConfig } from '../../src/config/load.js';

const SECRET = '8c570fa6dd201bb328f1c1eac23a96d8';

describe('loadConfig', () => {
  it('starts on the embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.lineConfigured).toBe(false);
    expect(config.redisConfigured).toBe(false);
    expect(config.llmConfigured).toBe(false);
    expect(config.CACHE_TTL_ANALYSIS_S).toBe(1800);
  });

  it('lists every problem with its fix in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        LINE_CHANNEL_ACCESS_TOKEN: 'token',
        PUBLIC_BASE_URL: 'not a url',
        CACHE_TTL_ANALYSIS_S: 'ten',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['CACHE_TTL_ANALYSIS_S', 'LINE_CHANNEL_SECRET', 'LOG_LEVEL', 'PUBLIC_BASE_URL']);
    expect((error as ConfigError).message).toContain('Fix:');
  });

  it('accepts AISTUDIO_API_KEY as an alias of GEMINI_API_KEY', () => {
    expect(loadConfig({ AISTUDIO_API_KEY: 'k' }).GEMINI_API_KEY).toBe('k');
  });

  it('never shows a secret in a config dump', () => {
    const config = loadConfig({
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'very-secret-token',
      GEMINI_API_KEY: 'gemini-secret',
      ADMIN_TOKEN: 'admin-secret',
      REDIS_URL: 'redis://user:pw@127.0.0.1:6379',
    });
    const dump = JSON.stringify(redactConfig(config));
    for (const secret of [SECRET, 'very-secret-token', 'gemini-secret', 'admin-secret', ':pw@']) {
      expect(dump).not.toContain(secret);
    }
  });
});

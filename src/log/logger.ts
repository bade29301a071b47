import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * Structured logger. Message text, names and raw LINE user ids never go to info level:
 * log `userHash` (see hash-id.ts) instead, and only debug may carry text.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'careline' },
      redact: {
        paths: ['text', '*.text', 'userId', '*.userId', 'displayName', '*.displayName', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

import { buildApp } from './app.js';
import { ConfigError } from './config/errors.js';
import { loadConfig, readEnvironment } from './config/load.js';
import { createLogger } from './log/logger.js';

/** Starts CareLine: load config, build the app, listen, shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const app = await buildApp(config, logger);
  const address = await app.server.listen({ port: config.PORT, host: config.HOST });
  const local = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  logger.info({ address }, `CareLine is listening. Chat simulator: ${local}/`);
  if (!config.lineConfigured) {
    logger.info(
      'LINE is not connected (LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN not set): /webhook answers 503; try the simulator page instead.',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const hardStop = setTimeout(() => {
      logger.error('shutdown took too long, exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS + 2000);
    hardStop.unref();
    try {
      await app.close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();

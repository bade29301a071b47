import { checkCommand } from './commands/check.js';
import { serveCommand } from './commands/serve.js';
import { setupCommand } from './commands/setup.js';
import { statusCommand } from './commands/status.js';
import { webhookCommand } from './commands/webhook.js';
import { type CliCommand, processIo, UsageError } from './io.js';

/** The `careline` command: one entry per sub-command. */
const commands: Record<string, CliCommand> = {
  serve: serveCommand,
  setup: setupCommand,
  check: checkCommand,
  webhook: webhookCommand,
  status: statusCommand,
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    'Usage: careline <command> [options]   (careline <command> --help for details)',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 64;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`careline: unknown command “${name}”\n\n${usage()}\n`);
    return 64;
  }
  try {
    return await command.run(rest, processIo());
  } catch (err) {
    // parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const code = (err as { code?: unknown }).code;
    if (err instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`careline ${name}: ${(err as Error).message}\n`);
      return 64;
    }
    throw err;
  }
}

// Exit explicitly: a LINE call abandoned after its timeout must not keep the process alive.
process.exit(await main(process.argv.slice(2)));

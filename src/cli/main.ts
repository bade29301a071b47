import { pathToFileURL } from 'node:url';
import { type CliIO, type Command, UsageError } from './commands/command.js';
import { commands } from './commands/index.js';
import { processIo } from './io.js';

function help(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 4);
  const rows = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${' '.repeat(width)}  usage: ${c.usage}`);
  return `careline <command> [options]\n\ncommands:\n  ${'help'.padEnd(width)}  list the commands\n${rows.join('\n')}\n`;
}

/** Runs one `careline` invocation; resolves to the exit code. */
export async function runCli(argv: string[], io: CliIO, list: readonly Command[] = commands): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help(list));
    return 0;
  }
  const command = list.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`unknown command: ${name}\n\n${help(list)}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${err.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  (import.meta.url === pathToFileURL(process.argv[1]).href || /bin[\\/]careline(\.js)?$/.test(process.argv[1]));
if (invokedDirectly) {
  runCli(process.argv.slice(2), processIo()).then(
    // Exit explicitly: a LINE call abandoned after its timeout must not keep the process alive.
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

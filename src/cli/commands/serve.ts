import { parseArgs } from 'node:util';
import { processIo, say } from '../io.js';
import type { Command } from './command.js';

export const serveCommand: Command = {
  name: 'serve',
  usage: 'careline serve',
  summary: 'start the server (the same as npm start)',
  async run(argv, io = processIo()) {
    const { values } = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      say(io.stdout, 'Usage: careline serve\n\nStarts CareLine with the configuration from the environment and .env.');
      return 0;
    }
    await import('../../main.js');
    // The server now runs until SIGTERM/SIGINT; main.ts shuts it down and ends the process itself.
    return new Promise<number>(() => {});
  },
};

import { analyzeCommand } from './analyze.js';
import { checkCommand } from './check.js';
import type { Command } from './command.js';
import { evalCommand } from './eval.js';
import { serveCommand } from './serve.js';
import { setupCommand } from './setup.js';
import { statusCommand } from './status.js';
import { webhookCommand } from './webhook.js';

/** Every `careline` sub-command. Add new commands here (one file each in this folder). */
export const commands: readonly Command[] = [
  serveCommand,
  analyzeCommand,
  evalCommand,
  setupCommand,
  checkCommand,
  webhookCommand,
  statusCommand,
];

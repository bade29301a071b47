import { analyzeCommand } from './analyze.js';
import type { Command } from './command.js';
import { evalCommand } from './eval.js';

/** Every `careline` sub-command. Add new commands here (one file each in this folder). */
export const commands: readonly Command[] = [analyzeCommand, evalCommand];

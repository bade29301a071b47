import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { envSchema } from '../config/schema.js';

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** A value as dotenv, systemd's EnvironmentFile and Docker's env_file all read it back. */
function quote(value: string): string {
  if (/^[A-Za-z0-9_\-.:/+=@,]*$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  return JSON.stringify(value);
}

/** The file text: known variables in schema order, then any others that were already there. */
export function formatEnvFile(values: Record<string, string>, header: string[]): string {
  const known = Object.keys(envSchema.shape);
  const keys = Object.keys(values).filter((k) => values[k] !== '');
  keys.sort((a, b) => rank(known, a) - rank(known, b));
  const lines = header.map((h) => `# ${h}`);
  lines.push('', ...keys.map((k) => `${k}=${quote(values[k] as string)}`), '');
  return lines.join('\n');
}

function rank(known: string[], key: string): number {
  const i = known.indexOf(key);
  return i === -1 ? known.length : i;
}

/** `.env.backup-20261126T201500Z` next to the original. */
export function backupName(path: string, now: Date): string {
  return `${path}.backup-${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}

/**
 * Writes the file readable by its owner only (0600), atomically (temporary file + rename). An existing file is
 * first copied to a timestamped backup, also 0600. Returns the backup path.
 */
export function writeEnvFile(path: string, text: string, now = new Date()): string | undefined {
  let backup: string | undefined;
  if (existsSync(path)) {
    backup = backupName(path, now);
    copyFileSync(path, backup);
    chmodSync(backup, 0o600);
  }
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return backup;
}

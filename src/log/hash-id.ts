import { createHmac } from 'node:crypto';

/** Hashes a LINE user/group id with a secret salt, for logs and storage keys. */
export type IdHasher = (id: string) => string;

export function createIdHasher(salt: string): IdHasher {
  return (id: string) => createHmac('sha256', salt).update(id).digest('base64url').slice(0, 22);
}

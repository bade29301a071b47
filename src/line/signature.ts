import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks LINE's `x-line-signature` (Base64 HMAC-SHA256 of the exact raw body, keyed with the channel secret)
 * in constant time. Several secrets are accepted so a secret can be rotated without downtime.
 */
export function verifySignature(rawBody: Buffer, signature: string | undefined, secrets: readonly string[]): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature, 'base64');
  // A valid signature is 32 bytes; re-encoding catches non-canonical Base64 that would decode to the same bytes.
  if (given.length !== 32 || given.toString('base64') !== signature) return false;
  let ok = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    // Non-short-circuit: every secret is checked, so timing does not reveal which one matched.
    ok = timingSafeEqual(expected, given) || ok;
  }
  return ok;
}

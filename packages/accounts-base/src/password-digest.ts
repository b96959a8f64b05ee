/**
 * The password as Meteor clients send it: never the plain text, but its sha-256 hex digest.
 * Browser-safe: uses WebCrypto (`crypto.subtle`), present in browsers on secure origins
 * (https, localhost) and in Node 20.
 */
export interface PasswordDigest {
  digest: string;
  algorithm: 'sha-256';
}

export async function digestPassword(password: string): Promise<PasswordDigest> {
  if (typeof password !== 'string' || password.length === 0) {
    throw new TypeError('Password must be a non-empty string');
  }
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error('WebCrypto is unavailable: serve the app over https (or localhost) to log in');
  }
  const bytes = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(password)));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return { digest: hex, algorithm: 'sha-256' };
}

/**
 * Types a password argument received over the wire. Plain strings are refused: Meteor's
 * server accepts them only from server code, and a client sending one leaks the password.
 */
export function parsePasswordDigest(raw: unknown): PasswordDigest | null {
  if (raw === null || typeof raw !== 'object') return null;
  const { digest, algorithm } = raw as { digest?: unknown; algorithm?: unknown };
  if (algorithm !== 'sha-256' || typeof digest !== 'string' || !/^[0-9a-f]{64}$/.test(digest)) return null;
  return { digest, algorithm };
}

import { randomBytes } from 'node:crypto';

/** A name no other run or test uses (lower-case letters and digits: valid for users and channels). */
export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

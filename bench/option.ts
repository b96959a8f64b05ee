/**
 * A bench's `--name value` options, read with Node's `util.parseArgs` (`--name=value` works
 * too). Each bench reads only the names it knows; other flags on the line (a runner passing
 * its own through) are left alone.
 */
import { parseArgs } from 'node:util';

export function option(name: string, fallback: string): string {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { [name]: { type: 'string' } }, strict: false, allowPositionals: true });
  const value = values[name];
  return typeof value === 'string' ? value : fallback;
}

/** A count (a positive integer); anything else stops the bench with the option named. */
export function countOption(name: string, fallback: number): number {
  const raw = option(name, String(fallback));
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer (got "${raw}")`);
  return value;
}

/** Whether `--name` is on the command line. */
export function flagOption(name: string): boolean {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { [name]: { type: 'boolean' } }, strict: false, allowPositionals: true });
  return values[name] === true;
}

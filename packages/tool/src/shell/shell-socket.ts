import { join } from 'node:path';

/**
 * Where `meteor run`'s server listens for `meteor shell`: a Unix socket in a directory only the
 * app's user can enter (0700), as Meteor keeps its shell under `.meteor/local/shell`.
 */
export const SHELL_DIR_ENV = 'PERSEID_SHELL_DIR';

export function shellDir(root: string): string {
  return join(root, '.meteor', 'local', 'shell');
}

export function shellSocketPath(dir: string): string {
  return join(dir, 'server.sock');
}

/** The first line a shell client sends: how to drive the REPL for its terminal. */
export interface ShellHello {
  readonly terminal: boolean;
  readonly columns: number;
}

/** Parses the hello line; null for anything else (the connection is then refused). */
export function parseShellHello(line: string): ShellHello | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const columns = v['columns'];
  if (typeof v['terminal'] !== 'boolean' || typeof columns !== 'number' || !Number.isInteger(columns) || columns < 1 || columns > 1000) return null;
  return { terminal: v['terminal'], columns };
}

/** Bound on the hello line: a client sending more without a newline is not a shell client. */
export const MAX_HELLO_BYTES = 1024;

import { parseArgs } from 'node:util';
import type { MinimongodOptions } from './minimongod-server';

export const USAGE = 'usage: minimongod [--port 27017] [--host 127.0.0.1] [--dbpath DIR] [--replSet rs0] [--quiet]';

// mongod's own spellings are accepted beside ours: --bind_ip for --host, --dbPath for --dbpath.
const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  bind_ip: { type: 'string' },
  dbpath: { type: 'string' },
  dbPath: { type: 'string' },
  replSet: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parse argv (after the script name); returns options or a usage error message. */
export function parseCliArgs(argv: readonly string[]): { ok: true; options: MinimongodOptions } | { ok: false; error: string } {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return { ok: false, error: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  if (values.help === true) return { ok: false, error: USAGE };
  const options: { -readonly [K in keyof MinimongodOptions]: MinimongodOptions[K] } = { port: 27017 };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) return { ok: false, error: `--port needs a number 0-65535\n${USAGE}` };
    options.port = port;
  }
  const host = values.host ?? values.bind_ip;
  if (host !== undefined) options.host = host;
  const dbPath = values.dbpath ?? values.dbPath;
  if (dbPath !== undefined) options.dbPath = dbPath;
  if (values.replSet !== undefined) options.replSetName = values.replSet;
  if (values.quiet === true) options.quiet = true;
  return { ok: true, options };
}

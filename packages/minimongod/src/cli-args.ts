import type { MinimongodOptions } from './minimongod-server';

export const USAGE = 'usage: minimongod [--port 27017] [--host 127.0.0.1] [--dbpath DIR] [--replSet rs0] [--quiet]';

/** Parse argv (after the script name); returns options or a usage error message. */
export function parseCliArgs(argv: readonly string[]): { ok: true; options: MinimongodOptions } | { ok: false; error: string } {
  const options: { -readonly [K in keyof MinimongodOptions]: MinimongodOptions[K] } = { port: 27017 };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const value = (): string | undefined => {
      const v = argv[i + 1];
      i += 1;
      return v;
    };
    switch (arg) {
      case '--port': {
        const v = value();
        const port = Number(v);
        if (v === undefined || !Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `--port needs a number 0-65535\n${USAGE}` };
        options.port = port;
        break;
      }
      case '--host':
      case '--bind_ip': {
        const v = value();
        if (v === undefined) return { ok: false, error: `${arg} needs a value\n${USAGE}` };
        options.host = v;
        break;
      }
      case '--dbpath':
      case '--dbPath': {
        const v = value();
        if (v === undefined) return { ok: false, error: `${arg} needs a directory\n${USAGE}` };
        options.dbPath = v;
        break;
      }
      case '--replSet': {
        const v = value();
        if (v === undefined) return { ok: false, error: `--replSet needs a name\n${USAGE}` };
        options.replSetName = v;
        break;
      }
      case '--quiet':
        options.quiet = true;
        break;
      case '--help':
      case '-h':
        return { ok: false, error: USAGE };
      default:
        return { ok: false, error: `unknown option ${arg}\n${USAGE}` };
    }
  }
  return { ok: true, options };
}

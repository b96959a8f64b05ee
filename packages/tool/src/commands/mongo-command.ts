import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { flagBoolean, flagPort, parsePort } from '../cli/parse-args';
import { DEV_DATABASE_NAME } from '../app/dev-database';
import { ToolError } from '../tool-error';
import { MongoShell } from '../mongo-shell/mongo-shell';

/** The database `meteor run` gives this app: MONGO_URL, or the development minimongod on PORT+1. */
export function appDatabaseUrl(args: ParsedArgs, env: NodeJS.ProcessEnv): string {
  const external = env['MONGO_URL'];
  if (external !== undefined && external !== '') return external;
  const envPort = env['PORT'];
  const port = flagPort(args, 'port') ?? (envPort !== undefined && envPort !== '' ? parsePort(envPort, 'PORT') : 3000);
  return `mongodb://127.0.0.1:${port + 1}/${DEV_DATABASE_NAME}?directConnection=true`;
}

function hasMongosh(): boolean {
  return spawnSync('mongosh', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `meteor mongo`: mongosh on the app's database when it is installed; otherwise a small shell
 * over the official driver (see MONGO_SHELL_HELP). `--url` prints the connection string.
 */
export async function mongoCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.positionals.length > 0) throw new ToolError('usage.unexpectedArgument', '`meteor mongo` takes no arguments (use --url for the connection string).');
  const url = appDatabaseUrl(args, ctx.env);
  if (flagBoolean(args, 'url')) {
    ctx.out(url);
    return 0;
  }
  if (hasMongosh()) return spawnSync('mongosh', [url], { stdio: 'inherit' }).status ?? 1;

  const client = new MongoClient(url, { serverSelectionTimeoutMS: 3_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } catch (error) {
    await client.close();
    throw new ToolError(
      'mongo.unavailable',
      `Cannot reach the database at ${url} (${error instanceof Error ? error.message : String(error)}). Is \`meteor run\` running for this app? Otherwise set MONGO_URL.`,
    );
  }
  const shell = new MongoShell(client.db());
  ctx.out(`Connected to ${url} (mongosh is not installed: this is Perseid's small shell; type "help").`);
  const interactive = process.stdin.isTTY === true;
  const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: interactive, prompt: `${client.db().databaseName}> ` });
  if (interactive) lines.prompt();
  try {
    for await (const line of lines) {
      if (line.trim() === 'exit' || line.trim() === 'quit') break;
      const text = await shell.run(line);
      if (text !== '') ctx.out(text);
      if (interactive) lines.prompt();
    }
  } finally {
    lines.close();
    await shell.close();
    await client.close();
  }
  return 0;
}

import { connect } from 'node:net';
import type { CommandContext } from '../cli/run-cli';
import type { ParsedArgs } from '../cli/parse-args';
import { ToolError } from '../tool-error';
import { shellDir, shellSocketPath, type ShellHello } from '../shell/shell-socket';

/**
 * `meteor shell`: a REPL in the server that `meteor run` runs for this app, through the socket
 * in `.meteor/local/shell`. Input and output pass through as they are (raw mode on a terminal,
 * so line editing, history and Ctrl-C are the server REPL's); the command ends with the REPL.
 */
export async function shellCommand(args: ParsedArgs, ctx: CommandContext): Promise<number> {
  if (args.positionals.length > 0) throw new ToolError('usage.unexpectedArgument', '`meteor shell` takes no arguments.');
  const path = shellSocketPath(shellDir(ctx.cwd));
  const socket = connect(path);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
          ? new ToolError('shell.unavailable', 'Server unavailable: start the app with `meteor run` in this directory, then run `meteor shell` again.')
          : error.code === 'EACCES'
            ? new ToolError('shell.unavailable', `Permission denied on ${path}: only the user running the app can open its shell.`)
            : error,
      );
    });
  });
  const stdin = process.stdin;
  const raw = stdin.isTTY === true;
  const hello: ShellHello = { terminal: raw, columns: process.stdout.columns ?? 80 };
  socket.write(`${JSON.stringify(hello)}\n`);
  if (raw) stdin.setRawMode(true);
  let input: 'open' | 'ended' = 'open';
  stdin.once('end', () => {
    input = 'ended';
  });
  stdin.pipe(socket);
  socket.pipe(process.stdout);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  if (input === 'open' && !raw) ctx.err('=> The server closed the shell (it restarted or stopped); run `meteor shell` again.');
  if (input === 'open' && raw) ctx.err('\r\n=> The server closed the shell (it restarted or stopped, or you left it); run `meteor shell` again to reconnect.');
  stdin.unpipe(socket);
  if (raw) stdin.setRawMode(false);
  stdin.pause();
  return 0;
}

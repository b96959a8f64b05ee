import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readlinkSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createServer, type Server, type Socket } from 'node:net';
import { start as startRepl } from 'node:repl';
import { MAX_HELLO_BYTES, parseShellHello, shellSocketPath, type ShellHello } from './shell-socket';

export interface ShellServerOptions {
  /** Shells open at once; further connections are told so and closed. */
  readonly maxSessions?: number;
}

export interface ShellServer {
  readonly path: string;
  readonly sessions: number;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_SHELL_SESSIONS = 4;

/**
 * The server half of `meteor shell`: a Node REPL per connection on a Unix socket in `dir`
 * (created 0700, the socket 0600, so only the app's user can connect), evaluating in this
 * process's global scope with top-level `await` (`await import('/imports/api/links')` reaches
 * the same modules the app loaded).
 */
export async function startShellServer(dir: string, options: ShellServerOptions = {}): Promise<ShellServer> {
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SHELL_SESSIONS;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const path = shellSocketPath(dir);
  const sockets = new Set<Socket>();
  let sessions = 0;

  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (sessions >= maxSessions) {
      socket.end(`Too many shells are open (${maxSessions}); close one and try again.\n`);
      return;
    }
    sessions += 1;
    socket.once('close', () => {
      sessions -= 1;
    });
    readHello(socket, (hello) => {
      if (hello === null) {
        socket.end('Not a meteor shell client.\n');
        return;
      }
      openRepl(socket, hello);
    });
  });

  // Each server listens on a socket of its own and points `path` (a symlink) at it: a restart
  // starts the next server before this one stops, and closing a Unix socket server removes its
  // file, so a shared file name would vanish under the newer server.
  removeDeadServersSockets(dir);
  const own = join(dir, `server-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(own, () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(own, 0o600);
  const link = `${path}.${process.pid}.tmp`;
  symlinkSync(basename(own), link);
  renameSync(link, path);

  return {
    path,
    get sessions() {
      return sessions;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        if (readlinkSync(path) === basename(own)) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/** Sockets left by servers that were killed (their process is gone). */
function removeDeadServersSockets(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^server-(\d+)-[0-9a-f]+\.sock$/.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // removed meanwhile
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHello(socket: Socket, done: (hello: ShellHello | null) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const eol = buffered.indexOf(10);
    if (eol === -1 && buffered.length <= MAX_HELLO_BYTES) return;
    socket.off('data', onData);
    socket.pause();
    if (eol === -1) {
      done(null);
      return;
    }
    const rest = buffered.subarray(eol + 1);
    if (rest.length > 0) socket.unshift(rest);
    done(parseShellHello(buffered.subarray(0, eol).toString('utf8')));
  };
  socket.on('data', onData);
}

function openRepl(socket: Socket, hello: ShellHello): void {
  (socket as Socket & { columns?: number }).columns = hello.columns;
  const repl = startRepl({
    input: socket,
    output: socket,
    terminal: hello.terminal,
    useGlobal: true,
    ignoreUndefined: true,
    prompt: '> ',
    preview: false,
  });
  // Input may arrive faster than awaited lines finish (pasted or piped): evaluate in order, so
  // a line sees what the awaited line before it defined.
  const evaluate = repl.eval;
  let previous: Promise<void> = Promise.resolve();
  const ordered: typeof repl.eval = (code, context, file, callback) => {
    previous = previous.then(
      () =>
        new Promise<void>((done) => {
          evaluate.call(repl, code, context, file, (error, result) => {
            callback(error, result);
            done();
          });
        }),
    );
  };
  (repl as { eval: typeof repl.eval }).eval = ordered;
  // The client half-closes when its input ends; answer what is still running, then close.
  repl.on('exit', () => void previous.then(() => socket.end()));
  socket.on('close', () => repl.close());
  socket.resume();
}

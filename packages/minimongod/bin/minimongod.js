#!/usr/bin/env node
// Launcher: run the TypeScript CLI through tsx (the package has no build step).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.join(here, '..', 'src', 'cli.ts');
const require = createRequire(import.meta.url);
const tsxLoader = require.resolve('tsx');

const child = spawn(process.execPath, ['--import', tsxLoader, cli, ...process.argv.slice(2)], { stdio: 'inherit' });
// Forward termination so the server can shut down cleanly (and release its lock file).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

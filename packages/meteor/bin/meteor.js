#!/usr/bin/env node
// The `meteor` command. The implementation is TypeScript in @perseid/tool, loaded through tsx,
// so there is no build step; see `meteor --help`.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('@perseid/tool');
process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd() });

#!/usr/bin/env node
// `npm test`: registers the TypeScript loader, then hands over to the orchestrator in
// @perseid/tool (see `node scripts/test.mjs --help`).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runTestScript } = await import('@perseid/tool');
const root = fileURLToPath(new URL('..', import.meta.url));
process.exitCode = await runTestScript(process.argv.slice(2), root);

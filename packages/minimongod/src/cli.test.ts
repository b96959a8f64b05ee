import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { parseCliArgs } from './cli-args';

const bin = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'minimongod.js');

describe('minimongod CLI', function () {
  this.timeout(30_000);

  it('parses the documented flags and refuses bad ones with usage', () => {
    const parsed = parseCliArgs(['--port', '3001', '--dbpath', 'x', '--replSet', 'rs9', '--quiet']);
    assert.deepEqual(parsed, { ok: true, options: { port: 3001, dbPath: 'x', replSetName: 'rs9', quiet: true } });
    for (const bad of [['--port'], ['--port', 'abc'], ['--port', '70000'], ['--what'], ['--dbpath']]) {
      const result = parseCliArgs(bad);
      assert.ok(!result.ok);
      assert.match(!result.ok ? result.error : '', /usage: minimongod/);
    }
  });

  it('runs from its bin launcher, serves the driver, and shuts down cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimongod-cli-'));
    const child = spawn(process.execPath, [bin, '--port', '0', '--dbpath', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /ready: (mongodb:\/\/\S+)/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`exited early: ${out}`)));
      });
      const client = new MongoClient(url);
      await client.db('cli').collection('c').insertOne({ a: 1 });
      await client.close();
      assert.ok(fs.existsSync(path.join(dir, 'minimongod.lock')));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.equal(fs.existsSync(path.join(dir, 'minimongod.lock')), false, 'the lock is released');
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

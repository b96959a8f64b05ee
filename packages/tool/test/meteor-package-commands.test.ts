import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METEOR_BIN, cleanEnv } from './fixture-app';

function meteor(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [METEOR_BIN, ...args], { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const INITIAL =
  '# Meteor packages used by this project, one per line.\n\nmeteor-base             # Packages every Meteor app needs to have\nmongo@2.0.0\ntypescript\n';

describe('meteor add / remove / list (the real CLI)', function () {
  this.timeout(60_000);
  let app: string;
  const packagesFile = (): string => readFileSync(join(app, '.meteor', 'packages'), 'utf8');

  beforeEach(() => {
    app = mkdtempSync(join(tmpdir(), 'perseid-packages-'));
    mkdirSync(join(app, '.meteor'));
    writeFileSync(join(app, '.meteor', 'packages'), INITIAL);
  });
  afterEach(() => rmSync(app, { recursive: true, force: true }));

  it('add records core packages (with a version constraint as given) and prints their summary', () => {
    const r = meteor(['add', 'insecure', 'session@1.2.1', 'rspack'], app);
    assert.equal(r.code, 0, r.err);
    assert.equal(packagesFile(), `${INITIAL}insecure\nsession@1.2.1\nrspack\n`);
    assert.match(r.out, /^insecure: \(For prototyping only\) Allow all database writes from the client$/m);
    assert.match(r.out, /^session: Session variable$/m);
    assert.match(r.out, /^rspack: .*\n {3}\(accepted as a no-op: Vite, esbuild and tsx bundle the app\)$/m);
    const again = meteor(['add', 'insecure', 'mongo@2.1.0'], app);
    assert.equal(again.code, 0);
    assert.match(again.out, /insecure without a version constraint has already been added\./);
    assert.match(again.out, /Currently using mongo with version constraint 2\.0\.0\.\nThe version constraint will be changed to 2\.1\.0\./);
    assert.match(packagesFile(), /^mongo@2\.1\.0$/m);
  });

  it('add refuses an unknown name, a Blaze package and an Atmosphere community package, writing nothing', () => {
    const r = meteor(['add', 'session', 'quave:collections', 'blaze-html-templates', 'no-such-package'], app);
    assert.equal(r.code, 1);
    assert.match(r.err, /package "quave:collections" is not supported: Perseid provides Meteor's core packages only, not Atmosphere community packages/);
    assert.match(r.err, /package "blaze-html-templates" is not supported: Blaze templates are not supported by Perseid/);
    assert.match(r.err, /unknown package "no-such-package"/);
    assert.equal(packagesFile(), INITIAL, 'nothing written, not even the valid name');
    assert.equal(meteor(['add'], app).code, 2);
  });

  it('remove drops the entries, keeping comments; a name not in the project is said so', () => {
    const r = meteor(['remove', 'mongo', 'autopublish'], app);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^mongo: removed dependency$/m);
    assert.match(r.err, /^autopublish is not in this project\.$/m);
    assert.equal(packagesFile(), INITIAL.replace('mongo@2.0.0\n', ''));
  });

  it('list prints each package, sorted, with its constraint and summary', () => {
    const r = meteor(['list'], app);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^meteor-base {2,}Packages every Meteor app needs to have$/);
    assert.match(lines[1] ?? '', /^mongo {2,}2\.0\.0 {2}Adaptor for using MongoDB and Minimongo over DDP$/);
    assert.match(lines[2] ?? '', /^typescript {2,}Compiler plugin .* \(no-op here\)$/);
  });
});

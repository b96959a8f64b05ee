import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyAlias, readAppAliases } from './app-aliases';

describe('readAppAliases (tsconfig paths, Babel module-resolver, rspack resolve.alias)', () => {
  let root = '';
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'perseid-aliases-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("maps each declared alias to an absolute path, skipping Meteor's own root-relative paths", async () => {
    writeFileSync(
      join(root, 'tsconfig.json'),
      '{ "compilerOptions": { "paths": { "@/*": ["./imports/*"], "/imports/*": ["./imports/*"], "config": ["./imports/config/index.ts"] } } }',
    );
    writeFileSync(join(root, '.babelrc'), JSON.stringify({ plugins: [['module-resolver', { alias: { '#ui': './imports/ui', '^~(.+)': './lib/\\1' } }]] }));
    writeFileSync(join(root, 'rspack.config.mjs'), `export default { resolve: { alias: { 'vendor$': ${JSON.stringify(join(root, 'vendor.js'))} } } };`);
    const aliases = await readAppAliases(root);
    assert.equal(applyAlias(aliases, '@/ui/App'), join(root, 'imports/ui/App'));
    assert.equal(applyAlias(aliases, 'config'), join(root, 'imports/config/index.ts'));
    assert.equal(applyAlias(aliases, 'configs'), undefined);
    assert.equal(applyAlias(aliases, '#ui/Button'), join(root, 'imports/ui/Button'));
    assert.equal(applyAlias(aliases, '#ui'), join(root, 'imports/ui'));
    assert.equal(applyAlias(aliases, '#uix'), undefined);
    assert.equal(applyAlias(aliases, '~util/x'), join(root, 'lib/util/x'));
    assert.equal(applyAlias(aliases, 'vendor'), join(root, 'vendor.js'));
    assert.equal(applyAlias(aliases, 'vendor/x'), undefined);
    assert.equal(applyAlias(aliases, '/imports/ui/App'), undefined);
    assert.equal(applyAlias(aliases, 'react'), undefined);
  });

  it('a broken tsconfig is a warning naming the file, not a crash', async () => {
    writeFileSync(join(root, 'tsconfig.json'), '{ "compilerOptions": ');
    const warnings: string[] = [];
    assert.deepEqual(await readAppAliases(root, (line) => warnings.push(line)), []);
    assert.match(warnings.join('\n'), /tsconfig\.json is not valid JSON/);
  });
});

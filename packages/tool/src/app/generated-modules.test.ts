import assert from 'node:assert/strict';
import { globalsModuleSource, SHARED_MODULES_GLOBAL } from './generated-modules';
import { parseMeteorPackages } from './meteor-packages';

describe('the client globals module', () => {
  it("leaves a facade without a global (react-meteor-data, fetch, minimongo) for npm packages too, so they share the app's instance", () => {
    const packages = parseMeteorPackages('meteor-base\nmongo\nreact-meteor-data\nfetch\nminimongo\ntracker');
    assert.deepEqual(packages.sharedModules, ['meteor/react-meteor-data', 'meteor/fetch', 'meteor/minimongo']);
    const source = globalsModuleSource(packages.globals, 'client', [], packages.sharedModules);
    assert.match(source, new RegExp(`globalThis\\["${SHARED_MODULES_GLOBAL}"\\]`));
    for (const module of ['meteor/meteor', 'meteor/tracker', 'meteor/react-meteor-data', 'meteor/fetch', 'meteor/minimongo']) {
      const index = new RegExp(`import \\* as (m\\d+) from "${module}";`).exec(source)?.[1];
      assert.ok(index !== undefined, `${module} is imported`);
      assert.match(source, new RegExp(`shared\\["${module}"\\] = ${index};`), `${module} is shared`);
    }
    // No global is made up for them.
    assert.doesNotMatch(source, /globalThis\["(useTracker|fetch|LocalCollection)"\]/);
  });

  it('on the server imports no shared-only facade (the boot shares what it loads itself)', () => {
    const packages = parseMeteorPackages('meteor-base\nreact-meteor-data');
    assert.doesNotMatch(globalsModuleSource(packages.globals, 'server', [], packages.sharedModules), /react-meteor-data/);
  });
});

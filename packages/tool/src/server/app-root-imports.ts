import { createRequire, register } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { readAppAliases } from '../app/app-aliases';
import { appSpecifierPath } from './app-specifier.mjs';
import { sharedEsmModule } from './shared-esm-modules';

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
interface CommonJsLoader {
  _resolveFilename: ResolveFilename;
  _load: Load;
}

/**
 * Makes Meteor's root-relative imports (`/imports/...`) and the app's declared aliases
 * (tsconfig `paths`, Babel module-resolver, rspack `resolve.alias`) resolve in this process, for
 * `import` and for `require` alike: an app without `"type": "module"` has its `.js` files
 * compiled to CommonJS, whose `require` never reaches the ESM hooks. `require()` of a package
 * facade the boot loaded (`meteor/meteor`) answers with that same ES module instance (see
 * shared-esm-modules). Each file module resolved
 * from then on (outside node_modules) is reported to `onModule`. Call before importing app code.
 */
export async function registerAppRootImports(root: string, onModule?: (file: string) => void): Promise<void> {
  const aliases = (await readAppAliases(root, (line) => console.warn(line))).map(({ find, replacement }) => ({ find, replacement }));
  patchCommonJsResolution(root, aliases, onModule);
  if (onModule === undefined) {
    register('./app-root-resolve-hooks.mjs', import.meta.url, { data: { root, aliases } });
    return;
  }
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url: unknown) => {
    if (typeof url === 'string') onModule(fileURLToPath(url));
  });
  port1.unref();
  register('./app-root-resolve-hooks.mjs', import.meta.url, { data: { root, aliases, port: port2 }, transferList: [port2] });
}

function patchCommonJsResolution(
  root: string,
  aliases: readonly { find: string; replacement: string }[],
  onModule: ((file: string) => void) | undefined,
): void {
  const loader = createRequire(import.meta.url)('node:module') as CommonJsLoader;
  const nextLoad = loader._load;
  loader._load = function loadShared(this: unknown, request, parent, isMain) {
    return sharedEsmModule(request) ?? nextLoad.call(this, request, parent, isMain);
  };
  const next = loader._resolveFilename;
  loader._resolveFilename = function resolveAppFilename(this: unknown, request, parent, isMain, options) {
    const file = next.call(this, appSpecifierPath(root, aliases, request) ?? request, parent, isMain, options);
    if (onModule !== undefined && isAbsolute(file) && !file.includes('/node_modules/')) onModule(file);
    return file;
  };
}

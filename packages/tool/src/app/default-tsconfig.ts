import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Environment for processes that run app code through tsx. An app without its own
 * tsconfig.json gets a default one (automatic JSX runtime, as Vite and esbuild use for the
 * client), so `.jsx`/`.tsx` files compile the same way on both sides.
 */
export function appTsxEnv(root: string): NodeJS.ProcessEnv {
  if (existsSync(join(root, 'tsconfig.json'))) return {};
  const dir = join(root, '.meteor', 'local', 'perseid');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tsconfig.json');
  // tsx applies a tsconfig only to the files it includes; this one lives three levels down.
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      jsx: 'react-jsx',
      allowJs: true,
      resolveJsonModule: true,
      esModuleInterop: true,
    },
    include: ['../../../**/*'],
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { TSX_TSCONFIG_PATH: file };
}

import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * The golden-path skeleton's HTTP server (`templates/golden-path-service/
 * skeleton/src/index.ts`), running in this process on a free loopback port:
 * the real code a new service starts from, for tests of what it exposes and
 * of what is built on it (alert rules, dashboards).
 *
 * Its package.json is a template (not JSON until rendered), which stops both
 * Node's and Jest's loaders, so the module is transpiled to CommonJS here
 * (as the skeleton's own build does), with the skeleton's own modules it
 * imports (`./log.js`, from `./log.ts`), and its dependencies (prom-client)
 * resolved from the repository's.
 */
export async function startGoldenPathSkeleton(): Promise<{
  url: string;
  port: number;
  close(): Promise<void>;
}> {
  const { createServer } = loadSkeletonModule(
    resolve(
      __dirname,
      '../../../../templates/golden-path-service/skeleton/src/index.ts',
    ),
    new Map(),
  ) as { createServer(): Server };
  const server = createServer();
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((done, fail) =>
        server.close(error => (error ? fail(error) : done())),
      ),
  };
}

/**
 * Transpiles a skeleton module; its relative imports load the same way. They
 * name the compiled file (`./log.js`), as Node's resolution needs: the
 * TypeScript source next to it (`./log.ts`) is the one loaded.
 */
function loadSkeletonModule(file: string, loaded: Map<string, unknown>) {
  const cached = loaded.get(file) as { exports: unknown } | undefined;
  if (cached) return cached.exports;
  const module = { exports: {} as unknown };
  loaded.set(file, module);
  const dependencies = createRequire(__filename);
  // The repository's own TypeScript, resolved as prom-client is.
  const ts = dependencies('typescript') as typeof import('typescript');
  const skeletonRequire = (id: string) =>
    id.startsWith('./') || id.startsWith('../')
      ? loadSkeletonModule(
          resolve(dirname(file), id).replace(/\.js$/, '.ts'),
          loaded,
        )
      : dependencies(id);
  const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', outputText)(
    skeletonRequire,
    module,
    module.exports,
  );
  return module.exports;
}

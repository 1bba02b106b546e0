import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

/**
 * The golden-path skeleton's HTTP server (`templates/golden-path-service/
 * skeleton/src/index.js`), running in this process on a free loopback port:
 * the real code a new service starts from, for tests of what it exposes and
 * of what is built on it (alert rules, dashboards).
 *
 * Its package.json is a template (not JSON until rendered), which stops both
 * Node's and Jest's loaders, so the module is compiled here, with the
 * skeleton's own modules it requires (`./log.js`), and its dependencies
 * (prom-client) resolved from the repository's.
 */
export async function startGoldenPathSkeleton(): Promise<{
  url: string;
  port: number;
  close(): Promise<void>;
}> {
  const { createServer } = loadSkeletonModule(
    resolve(
      __dirname,
      '../../../../templates/golden-path-service/skeleton/src/index.js',
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

/** Compiles a skeleton module; its relative requires load the same way. */
function loadSkeletonModule(file: string, loaded: Map<string, unknown>) {
  const cached = loaded.get(file) as { exports: unknown } | undefined;
  if (cached) return cached.exports;
  const module = { exports: {} as unknown };
  loaded.set(file, module);
  const dependencies = createRequire(__filename);
  const skeletonRequire = (id: string) =>
    id.startsWith('./') || id.startsWith('../')
      ? loadSkeletonModule(resolve(dirname(file), id), loaded)
      : dependencies(id);
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', readFileSync(file, 'utf8'))(
    skeletonRequire,
    module,
    module.exports,
  );
  return module.exports;
}

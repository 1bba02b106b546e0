import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/**
 * The golden-path skeleton's HTTP server (`templates/golden-path-service/
 * skeleton/src/index.js`), running in this process on a free loopback port:
 * the real code a new service starts from, for tests of what it exposes and
 * of what is built on it (alert rules, dashboards).
 *
 * Its package.json is a template (not JSON until rendered), which stops both
 * Node's and Jest's loaders, so the module is compiled here and its
 * dependencies (prom-client) resolved from the repository's.
 */
export async function startGoldenPathSkeleton(): Promise<{
  url: string;
  port: number;
  close(): Promise<void>;
}> {
  const file = resolve(
    __dirname,
    '../../../../templates/golden-path-service/skeleton/src/index.js',
  );
  const module = { exports: {} as { createServer(): Server } };
  // eslint-disable-next-line no-new-func
  new Function('require', 'module', 'exports', readFileSync(file, 'utf8'))(
    createRequire(__filename),
    module,
    module.exports,
  );
  const server = module.exports.createServer();
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

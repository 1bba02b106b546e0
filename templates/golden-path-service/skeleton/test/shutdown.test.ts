import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createLogger } from '../src/log.js';
import { gracefulShutdown } from '../src/shutdown.js';
import { startService } from './helpers.js';

test('on SIGTERM: not ready at once, still serving while it drains, then exits 0', async t => {
  const service = await startService({ SHUTDOWN_DELAY_SECONDS: '1' });
  t.after(() => service.stop());
  assert.equal((await fetch(service.url + '/readyz')).status, 200);

  service.child.kill('SIGTERM');
  await service.waitFor('draining before shutdown');
  const readyz = await fetch(service.url + '/readyz');
  assert.equal(readyz.status, 503);
  assert.deepEqual(await readyz.json(), { status: 'draining' });
  assert.equal((await fetch(service.url + '/healthz')).status, 200);
  assert.equal((await fetch(service.url + '/')).status, 200);
  assert.equal(service.child.exitCode, null);

  const { code } = await service.exited;
  assert.equal(code, 0);
  const messages = service.logs.map(entry => entry.message);
  assert.deepEqual(messages.slice(messages.indexOf('draining before shutdown')), [
    'draining before shutdown',
    'request',
    'closing',
    'stopped',
  ]);
  // It no longer accepts connections.
  await assert.rejects(fetch(service.url + '/healthz'));
});

test('a request in flight when it closes is answered before onStopped', async () => {
  const events: string[] = [];
  const server = http.createServer((_req, res) =>
    setTimeout(() => res.end('done', () => events.push('responded')), 300),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const lifecycle = { draining: false };
  let answered: Promise<string> | undefined;
  const stopped = new Promise<Error | undefined>(resolve => {
    const stop = gracefulShutdown({
      server,
      lifecycle,
      logger: createLogger({ service: 'svc', stream: { write: () => {} } }),
      drainMs: 0,
      onStopped: error => {
        events.push('stopped');
        resolve(error);
      },
    });
    answered = fetch('http://127.0.0.1:' + (server.address() as AddressInfo).port + '/slow').then(
      async res => `${res.status} ${await res.text()}`,
    );
    setTimeout(() => stop('SIGTERM'), 100);
  });
  assert.equal(await stopped, undefined);
  assert.equal(await answered, '200 done');
  assert.deepEqual(events, ['responded', 'stopped']);
  assert.equal(lifecycle.draining, true);
});

test('SIGINT stops without the drain', async t => {
  const service = await startService({ SHUTDOWN_DELAY_SECONDS: '30' });
  t.after(() => service.stop());
  const started = Date.now();
  service.child.kill('SIGINT');
  assert.equal((await service.exited).code, 0);
  assert.ok(Date.now() - started < 10_000);
  assert.ok(!service.logs.some(entry => entry.message === 'draining before shutdown'));
});

test('refuses a bad SHUTDOWN_DELAY_SECONDS, naming it', async () => {
  await assert.rejects(startService({ SHUTDOWN_DELAY_SECONDS: 'soon' }), /SHUTDOWN_DELAY_SECONDS must be a number of seconds, 0 or more, not "soon"/);
});

import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createServer } from '../src/index.js';
import { createLogger } from '../src/log.js';

let server: Server;
let baseUrl: string;
const lifecycle = { draining: false };
const lines: Record<string, unknown>[] = [];

before(async () => {
  const logger = createLogger({
    service: 'test-service',
    stream: { write: line => lines.push(JSON.parse(line)) },
  });
  server = createServer({ lifecycle, logger });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
});

after(() => new Promise<void>(resolve => server.close(() => resolve())));

test('GET /healthz answers ok', async () => {
  const response = await fetch(baseUrl + '/healthz');
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('GET /readyz answers ready, and 503 once the service drains', async () => {
  const ready = await fetch(baseUrl + '/readyz');
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { status: 'ready' });

  lifecycle.draining = true;
  try {
    const draining = await fetch(baseUrl + '/readyz');
    assert.equal(draining.status, 503);
    assert.deepEqual(await draining.json(), { status: 'draining' });
    // Still alive, and still serving.
    assert.equal((await fetch(baseUrl + '/healthz')).status, 200);
    assert.equal((await fetch(baseUrl + '/')).status, 200);
  } finally {
    lifecycle.draining = false;
  }
});

test('unknown paths answer 404', async () => {
  const response = await fetch(baseUrl + '/no-such-page');
  assert.equal(response.status, 404);
});

test('known paths answer 405 to other methods, naming the allowed ones', async () => {
  const response = await fetch(baseUrl + '/readyz', { method: 'DELETE' });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get('allow'), 'GET');
});

test('logs each request but the probes and scrapes, as JSON', async () => {
  lines.length = 0;
  await fetch(baseUrl + '/healthz');
  await fetch(baseUrl + '/readyz');
  await fetch(baseUrl + '/metrics');
  await fetch(baseUrl + '/?greeting=1');
  await fetch(baseUrl + '/no-such-page');
  assert.deepEqual(
    lines.map(({ message, method, route, path, status_code }) => ({
      message,
      method,
      route,
      path,
      status_code,
    })),
    [
      { message: 'request', method: 'GET', route: '/', path: '/', status_code: 200 },
      {
        message: 'request',
        method: 'GET',
        route: 'unmatched',
        path: '/no-such-page',
        status_code: 404,
      },
    ],
  );
  for (const line of lines) {
    assert.equal(line.level, 'info');
    assert.equal(line.service, 'test-service');
    assert.equal(typeof line.duration_ms, 'number');
    assert.ok(!Number.isNaN(Date.parse(String(line.time))), String(line.time));
  }
});

test('GET /metrics exposes request metrics with method, route and status_code', async () => {
  await fetch(baseUrl + '/healthz');
  const response = await fetch(baseUrl + '/metrics');
  assert.equal(response.status, 200);
  const body = await response.text();
  assert.match(body, /http_requests_total\{[^}]*method="GET",route="\/healthz",status_code="200"/);
  assert.match(body, /http_request_duration_seconds_bucket\{[^}]*route="\/healthz"/);
  assert.match(body, /route="unmatched",status_code="404"/);
  assert.match(body, /http_request_duration_seconds_bucket\{le="0.3",[^}]*route="\/healthz"/);
  assert.match(body, /^process_cpu_seconds_total /m);
});

test('GET /metrics exposes the build that runs as service_build_info', async () => {
  const body = await (await fetch(baseUrl + '/metrics')).text();
  assert.match(body, /^# TYPE service_build_info gauge$/m);
  assert.match(body, /^service_build_info\{version="0\.1\.0",commit="unknown"\} 1$/m);

  const built = createServer({
    build: { version: '1.2.0', commit: '4f2a9c1' },
    logger: createLogger({ service: 'test-service', stream: { write: () => {} } }),
  });
  await new Promise<void>(resolve => built.listen(0, '127.0.0.1', resolve));
  try {
    const url = 'http://127.0.0.1:' + (built.address() as AddressInfo).port;
    const metrics = await (await fetch(url + '/metrics')).text();
    assert.match(metrics, /^service_build_info\{version="1\.2\.0",commit="4f2a9c1"\} 1$/m);
  } finally {
    await new Promise(resolve => built.close(resolve));
  }
});

'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { createServer } = require('../src/index.js');

let server;
let baseUrl;

before(async () => {
  server = createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  baseUrl = 'http://127.0.0.1:' + server.address().port;
});

after(() => new Promise(resolve => server.close(resolve)));

test('GET /healthz answers ok', async () => {
  const response = await fetch(baseUrl + '/healthz');
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('unknown paths answer 404', async () => {
  const response = await fetch(baseUrl + '/no-such-page');
  assert.equal(response.status, 404);
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

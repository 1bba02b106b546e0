import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startTracing } from '../src/tracing.js';
import { startService } from './helpers.js';

/** What an OTLP/HTTP JSON export carries, as far as these tests read it. */
interface TraceExport {
  resourceSpans: {
    resource: { attributes: Attribute[] };
    scopeSpans: { spans: { traceId: string; spanId: string; attributes: Attribute[] }[] }[];
  }[];
}
interface Attribute {
  key: string;
  value: Record<string, unknown>;
}

test('without OTEL_EXPORTER_OTLP_ENDPOINT tracing is off and loads no OpenTelemetry package', () => {
  const env: NodeJS.ProcessEnv = {};
  assert.equal(startTracing('svc', env), null);
  assert.deepEqual(env, {});
  const loaded = Object.keys(require.cache).filter(path => path.includes('@opentelemetry'));
  assert.deepEqual(loaded, []);
});

test('the service without the variable logs that tracing is off', async t => {
  const service = await startService({ OTEL_EXPORTER_OTLP_ENDPOINT: '' });
  t.after(() => service.stop());
  assert.equal((await service.waitFor('listening')).tracing, false);
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT requests are traced, exported with OTLP over HTTP and logged with their ids', async t => {
  // A collector: takes OTLP/HTTP JSON exports.
  const exports: { path: string | undefined; body: TraceExport }[] = [];
  const collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      exports.push({ path: req.url, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>(resolve => collector.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>(resolve => collector.close(() => resolve())));

  const service = await startService({
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:' + (collector.address() as AddressInfo).port,
    SHUTDOWN_DELAY_SECONDS: '0',
  });
  t.after(() => service.stop());
  assert.equal((await service.waitFor('listening')).tracing, true);

  assert.equal((await fetch(service.url + '/healthz')).status, 200);
  assert.equal((await fetch(service.url + '/')).status, 200);
  const request = await service.waitFor('request');
  assert.match(request.trace_id, /^[0-9a-f]{32}$/);
  assert.match(request.span_id, /^[0-9a-f]{16}$/);

  // Shutting down exports the spans still buffered.
  service.child.kill('SIGTERM');
  assert.equal((await service.exited).code, 0);

  assert.deepEqual([...new Set(exports.map(e => e.path))], ['/v1/traces']);
  const resourceSpans = exports.flatMap(e => e.body.resourceSpans);
  const serviceNames = resourceSpans.map(
    r => r.resource.attributes.find(a => a.key === 'service.name')?.value.stringValue,
  );
  assert.deepEqual([...new Set(serviceNames)], ['test-service']);
  const spans = resourceSpans.flatMap(r => r.scopeSpans.flatMap(s => s.spans));
  // The probe is not traced; the request is, with the ids its log line carries.
  assert.equal(spans.length, 1);
  const [span] = spans;
  assert.ok(span);
  assert.equal(span.traceId, request.trace_id);
  assert.equal(span.spanId, request.span_id);
  const attributes = Object.fromEntries(span.attributes.map(a => [a.key, Object.values(a.value)[0]]));
  assert.equal(attributes['http.request.method'] ?? attributes['http.method'], 'GET');
});

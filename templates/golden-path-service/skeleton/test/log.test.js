'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createLogger } = require('../src/log.js');

function capture(options) {
  const written = [];
  const logger = createLogger({ service: 'svc', stream: { write: text => written.push(text) }, ...options });
  return { logger, written };
}

test('writes one JSON object a line with time, level, service, message and fields', () => {
  const { logger, written } = capture();
  logger.info('listening', { port: 8080 });
  assert.equal(written.length, 1);
  assert.ok(written[0].endsWith('\n'));
  assert.equal(written[0].indexOf('\n'), written[0].length - 1);
  const entry = JSON.parse(written[0]);
  assert.deepEqual(Object.keys(entry), ['time', 'level', 'service', 'message', 'port']);
  assert.equal(entry.level, 'info');
  assert.equal(entry.service, 'svc');
  assert.equal(entry.message, 'listening');
  assert.equal(entry.port, 8080);
  assert.match(entry.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('drops lines below the level', () => {
  const { logger, written } = capture({ level: 'WARN' });
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.deepEqual(
    written.map(line => JSON.parse(line).level),
    ['warn', 'error'],
  );
});

test('refuses an unknown level, naming LOG_LEVEL and the levels', () => {
  assert.throws(() => createLogger({ level: 'verbose' }), {
    message: 'LOG_LEVEL must be one of debug, info, warn, error, not "verbose"',
  });
});

test('writes an error with its message and stack', () => {
  const { logger, written } = capture();
  logger.error('request failed', { error: new Error('boom') });
  const entry = JSON.parse(written[0]);
  assert.equal(entry.error, 'Error: boom');
  assert.match(entry.stack, /^Error: boom\n\s+at /);
});

test('adds the trace context it is given', () => {
  const { logger, written } = capture({
    traceContext: () => ({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }),
  });
  logger.info('request');
  const entry = JSON.parse(written[0]);
  assert.equal(entry.trace_id, 'a'.repeat(32));
  assert.equal(entry.span_id, 'b'.repeat(16));
});

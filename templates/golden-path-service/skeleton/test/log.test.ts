import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, type LoggerOptions } from '../src/log.js';

function capture(options: LoggerOptions = {}) {
  const written: string[] = [];
  const logger = createLogger({ service: 'svc', stream: { write: text => written.push(text) }, ...options });
  return { logger, written };
}

/** The one line written: fails unless there is exactly one. */
function onlyLine(written: string[]): string {
  assert.equal(written.length, 1);
  return written[0] ?? '';
}

test('writes one JSON object a line with time, level, service, message and fields', () => {
  const { logger, written } = capture();
  logger.info('listening', { port: 8080 });
  const line = onlyLine(written);
  assert.ok(line.endsWith('\n'));
  assert.equal(line.indexOf('\n'), line.length - 1);
  const entry = JSON.parse(line);
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
  const entry = JSON.parse(onlyLine(written));
  assert.equal(entry.error, 'Error: boom');
  assert.match(entry.stack, /^Error: boom\n\s+at /);
});

test('adds the trace context it is given', () => {
  const { logger, written } = capture({
    traceContext: () => ({ trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) }),
  });
  logger.info('request');
  const entry = JSON.parse(onlyLine(written));
  assert.equal(entry.trace_id, 'a'.repeat(32));
  assert.equal(entry.span_id, 'b'.repeat(16));
});

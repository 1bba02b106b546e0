'use strict';

// `node src/main.js`: serves on PORT (8080 by default), with JSON logs,
// tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, and a graceful shutdown.

const SERVICE_NAME = process.env.SERVICE_NAME || '${{ values.name }}';

function main(env = process.env) {
  // Before anything requires node:http, so the instrumentation sees it.
  const tracing = require('./tracing.js').startTracing(SERVICE_NAME, env);

  const { createLogger } = require('./log.js');
  const { createServer } = require('./index.js');
  const { gracefulShutdown } = require('./shutdown.js');

  const logger = createLogger({
    service: SERVICE_NAME,
    level: env.LOG_LEVEL || 'info',
    traceContext: tracing ? tracing.traceContext : undefined,
  });
  const port = Number(env.PORT || 8080);
  const drainSeconds = Number(env.SHUTDOWN_DELAY_SECONDS || 5);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0 to 65535), not "${env.PORT}"`);
  }
  if (!Number.isFinite(drainSeconds) || drainSeconds < 0) {
    throw new Error(
      `SHUTDOWN_DELAY_SECONDS must be a number of seconds, 0 or more, not "${env.SHUTDOWN_DELAY_SECONDS}"`,
    );
  }

  const lifecycle = { draining: false };
  const server = createServer({ lifecycle, logger });
  const stop = gracefulShutdown({
    server,
    lifecycle,
    logger,
    drainMs: drainSeconds * 1000,
    onStopped: async error => {
      // Exports the spans still buffered.
      if (tracing) await tracing.shutdown().catch(e => logger.error('tracing shutdown failed', { error: e }));
      logger.info('stopped');
      process.exit(error ? 1 : 0);
    },
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  server.on('error', error => {
    logger.error('could not listen', { port, error });
    process.exit(3);
  });
  server.listen(port, env.HOST, () => {
    logger.info('listening', { port: server.address().port, tracing: Boolean(tracing) });
  });
  return server;
}

if (require.main === module) {
  main();
}

module.exports = { main };

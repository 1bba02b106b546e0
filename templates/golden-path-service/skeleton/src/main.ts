// `node dist/main.js`: serves on PORT (8080 by default), with JSON logs,
// tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, and a graceful shutdown.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createLogger } from './log.js';
import { gracefulShutdown } from './shutdown.js';
import { startTracing } from './tracing.js';

const SERVICE_NAME = process.env.SERVICE_NAME || '${{ values.name }}';

export function main(env: NodeJS.ProcessEnv = process.env): Server {
  const tracing = startTracing(SERVICE_NAME, env);
  // Loaded once tracing has started: it requires node:http, which the
  // instrumentation must see first. Import nothing else that does above.
  const { createServer } = require('./index.js') as typeof import('./index.js');

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
    const { port: listening } = server.address() as AddressInfo;
    logger.info('listening', { port: listening, tracing: Boolean(tracing) });
  });
  return server;
}

if (require.main === module) {
  main();
}

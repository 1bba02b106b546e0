import type { Server } from 'node:http';
import type { Lifecycle } from './index.js';
import type { Logger } from './log.js';

export interface ShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  logger: Logger;
  /** How long to keep serving after SIGTERM, once not ready. */
  drainMs: number;
  /** Called once the server has closed, with the error closing it if any. */
  onStopped: (error?: Error) => void;
  exit?: (code: number) => void;
}

/**
 * Stops the server gracefully. On SIGTERM (Kubernetes stopping the pod) the
 * service reports not ready at once (`lifecycle.draining`), keeps serving for
 * `drainMs` while Kubernetes takes the pod out of its Service's endpoints, then
 * stops accepting connections, finishes the requests in flight and calls
 * `onStopped`. SIGINT (Ctrl-C) stops without the wait; a second signal while
 * stopping exits at once.
 */
export function gracefulShutdown({
  server,
  lifecycle,
  logger,
  drainMs,
  onStopped,
  exit = process.exit,
}: ShutdownOptions): (signal: NodeJS.Signals) => void {
  let stopping = false;

  function close() {
    logger.info('closing');
    // close() ends the idle keep-alive connections; those busy now become idle
    // once answered, and are ended then rather than at their keep-alive timeout.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(error => {
      clearInterval(idle);
      if (error) logger.error('closing failed', { error });
      onStopped(error);
    });
  }

  return function stop(signal) {
    if (stopping) {
      logger.warn('stopping at once', { signal });
      exit(1);
      return;
    }
    stopping = true;
    lifecycle.draining = true;
    if (signal === 'SIGTERM' && drainMs > 0) {
      logger.info('draining before shutdown', { signal, drain_seconds: drainMs / 1000 });
      setTimeout(close, drainMs);
    } else {
      close();
    }
  };
}

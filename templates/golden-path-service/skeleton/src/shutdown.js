'use strict';

/**
 * Stops the server gracefully. On SIGTERM (Kubernetes stopping the pod) the
 * service reports not ready at once (`lifecycle.draining`), keeps serving for
 * `drainMs` while Kubernetes takes the pod out of its Service's endpoints, then
 * stops accepting connections, finishes the requests in flight and calls
 * `onStopped`. SIGINT (Ctrl-C) stops without the wait; a second signal while
 * stopping exits at once.
 */
function gracefulShutdown({ server, lifecycle, logger, drainMs, onStopped, exit = process.exit }) {
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

module.exports = { gracefulShutdown };

import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';

/** A server listening on the loopback interface. */
export interface LoopbackServer {
  server: Server;
  port: number;
  /** `http(s)://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  /** Stops listening and closes open connections, including watches. */
  close(): Promise<void>;
}

/** A PEM key and certificate to serve HTTPS with. */
export interface TlsCredentials {
  key: string;
  cert: string;
}

/**
 * Listens on 127.0.0.1 only: the sandbox accepts any token it was given,
 * so it must never be reachable from another machine. Port 0 picks a free
 * port; with `tls`, serves HTTPS.
 */
export async function listenOnLoopback(
  handler: RequestListener,
  port = 0,
  tls?: TlsCredentials,
): Promise<LoopbackServer> {
  const server: Server = tls
    ? createTlsServer({ key: tls.key, cert: tls.cert }, handler)
    : createServer(handler);
  const sockets = new Set<Socket>();
  // For TLS the raw socket arrives as 'connection' too, which is the one to destroy.
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('Server has no TCP address');
  }
  return {
    server,
    port: address.port,
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        for (const socket of sockets) {
          socket.destroy();
        }
      }),
  };
}

import http from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createLogger, type Logger } from './log.js';

export const SERVICE_NAME = process.env.SERVICE_NAME || '${{ values.name }}';

/**
 * The build that runs, exposed as service_build_info: the version (as in
 * package.json unless SERVICE_VERSION says otherwise) and the commit CI built
 * the image from (GIT_COMMIT, set in the Dockerfile). The portal's dashboard
 * marks a deploy where these change; a restart keeps them.
 */
export interface BuildInfo {
  version: string;
  commit: string;
}

export const BUILD_INFO: BuildInfo = {
  version: process.env.SERVICE_VERSION || '0.1.0',
  commit: process.env.GIT_COMMIT || 'unknown',
};

// Only known routes and methods become label values, so a scan of random URLs
// cannot blow up the number of time series.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// The portal's alert rules and dashboards query these names, labels and bucket
// boundaries (a latency SLO must sit on a boundary): keep them as they are.
const LABEL_NAMES = ['method', 'route', 'status_code'] as const;
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5];

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/** Whether the service is shutting down; set on SIGTERM (see shutdown.ts). */
export interface Lifecycle {
  draining: boolean;
}

export interface ServerOptions {
  registry?: Registry;
  build?: BuildInfo;
  lifecycle?: Lifecycle;
  logger?: Logger;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

// Requests to these are not logged: probes and scrapes would drown the rest.
const QUIET_ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * The service's HTTP server, not yet listening. `lifecycle.draining` (set on
 * SIGTERM, see shutdown.ts) makes /readyz answer 503; `logger` gets a line per
 * request and per error.
 */
export function createServer({
  registry = new Registry(),
  build = BUILD_INFO,
  lifecycle = { draining: false },
  logger = createLogger({ service: SERVICE_NAME, level: process.env.LOG_LEVEL || 'info' }),
}: ServerOptions = {}): http.Server {
  collectDefaultMetrics({ register: registry });

  const requestsTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route and status code.',
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to handle an HTTP request, by method, route and status code.',
    labelNames: LABEL_NAMES,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  new Gauge({
    name: 'service_build_info',
    help: 'The build that runs: always 1, labelled with its version and commit.',
    labelNames: ['version', 'commit'] as const,
    registers: [registry],
  }).set(build, 1);

  const routes: Record<string, Record<string, Handler>> = {
    '/': {
      GET: (_req, res) =>
        sendJson(res, 200, { service: SERVICE_NAME, message: 'Hello from ' + SERVICE_NAME }),
    },
    // Liveness: the process answers. Never checks dependencies, or a database
    // outage would restart every pod.
    '/healthz': {
      GET: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    // Readiness: whether to send traffic here; not while shutting down.
    '/readyz': {
      GET: (_req, res) =>
        lifecycle.draining
          ? sendJson(res, 503, { status: 'draining' })
          : sendJson(res, 200, { status: 'ready' }),
    },
    '/metrics': {
      GET: async (_req, res) => {
        const body = await registry.metrics();
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(body);
      },
    },
  };

  const server = http.createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    // While draining, clients open a new connection for their next request,
    // which reaches a pod that stays.
    if (lifecycle.draining) res.setHeader('connection', 'close');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const methods = routes[path];
    const route = methods ? path : 'unmatched';
    const method = req.method && KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = { method, route, status_code: String(res.statusCode) };
      requestsTotal.inc(labels);
      requestDuration.observe(labels, seconds);
      if (!QUIET_ROUTES.has(route)) {
        logger.info('request', {
          method: req.method,
          route,
          path,
          status_code: res.statusCode,
          duration_ms: Math.round(seconds * 1e6) / 1e3,
        });
      }
    });

    try {
      const handler = methods && req.method ? methods[req.method] : undefined;
      if (!methods) {
        sendJson(res, 404, { error: 'Not found' });
      } else if (!handler) {
        res.setHeader('allow', Object.keys(methods).join(', '));
        sendJson(res, 405, { error: 'Method not allowed' });
      } else {
        await handler(req, res);
      }
    } catch (error) {
      logger.error('request failed', { method: req.method, route, path, error });
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'Internal server error' });
      } else {
        res.end();
      }
    }
  });

  return server;
}

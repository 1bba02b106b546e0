'use strict';

const http = require('node:http');
const client = require('prom-client');

const SERVICE_NAME = process.env.SERVICE_NAME || '${{ values.name }}';
const PORT = Number(process.env.PORT || 8080);

// Only known routes and methods become label values, so a scan of random URLs
// cannot blow up the number of time series.
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

// The portal's alert rules and dashboards query these names, labels and bucket
// boundaries (a latency SLO must sit on a boundary): keep them as they are.
const LABEL_NAMES = ['method', 'route', 'status_code'];
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5];

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function createServer({ registry = new client.Registry() } = {}) {
  client.collectDefaultMetrics({ register: registry });

  const requestsTotal = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests handled, by method, route and status code.',
    labelNames: LABEL_NAMES,
    registers: [registry],
  });
  const requestDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to handle an HTTP request, by method, route and status code.',
    labelNames: LABEL_NAMES,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });

  const routes = {
    '/': {
      GET: (_req, res) =>
        sendJson(res, 200, { service: SERVICE_NAME, message: 'Hello from ' + SERVICE_NAME }),
    },
    '/healthz': {
      GET: (_req, res) => sendJson(res, 200, { status: 'ok' }),
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
    const stopTimer = requestDuration.startTimer();
    const path = new URL(req.url, 'http://localhost').pathname;
    const methods = routes[path];
    const route = methods ? path : 'unmatched';
    const method = KNOWN_METHODS.has(req.method) ? req.method : 'OTHER';

    res.on('finish', () => {
      const labels = { method, route, status_code: String(res.statusCode) };
      requestsTotal.inc(labels);
      stopTimer(labels);
    });

    try {
      if (!methods) {
        sendJson(res, 404, { error: 'Not found' });
      } else if (!methods[req.method]) {
        res.setHeader('allow', Object.keys(methods).join(', '));
        sendJson(res, 405, { error: 'Method not allowed' });
      } else {
        await methods[req.method](req, res);
      }
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', message: String(error) }));
      if (!res.headersSent) {
        sendJson(res, 500, { error: 'Internal server error' });
      } else {
        res.end();
      }
    }
  });

  return server;
}

if (require.main === module) {
  const server = createServer();
  server.listen(PORT, () => {
    console.log(JSON.stringify({ level: 'info', message: SERVICE_NAME + ' listening', port: PORT }));
  });
  // Kubernetes sends SIGTERM before stopping the pod: finish in-flight requests.
  const shutdown = () => server.close(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

module.exports = { createServer };

'use strict';

// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
//
// The OpenTelemetry packages are required only then, so without the variable
// the service loads none of them. Configure the exporter with the standard
// variables: OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://otel-collector:4318, OTLP
// over HTTP), OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER. Start it before anything
// requires node:http (src/main.js does), so the instrumentation sees every request.

// Probes and scrapes would be most of the spans and tell nothing.
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts tracing when `env.OTEL_EXPORTER_OTLP_ENDPOINT` is set. Returns
 * `{ shutdown(), traceContext() }` (shut it down on exit: it exports the spans
 * still buffered), or null when tracing is off.
 */
function startTracing(service, env = process.env) {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return null;
  }
  // Traces only: the metrics are Prometheus' (/metrics) and the logs go to
  // standard output, unless these variables ask for more.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';

  const { trace, context } = require('@opentelemetry/api');
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, when set, names the service instead.
    serviceName: env.OTEL_SERVICE_NAME ? undefined : service,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: request =>
          UNTRACED_PATHS.has(new URL(request.url, 'http://localhost').pathname),
      }),
    ],
  });
  sdk.start();

  return {
    shutdown: () => sdk.shutdown(),
    /** The active span's ids, for log lines. */
    traceContext() {
      const span = trace.getSpan(context.active());
      const spanContext = span && span.spanContext();
      if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  };
}

module.exports = { startTracing, UNTRACED_PATHS };

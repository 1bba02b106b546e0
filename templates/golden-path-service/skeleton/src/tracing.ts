// OpenTelemetry tracing, on only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
//
// The OpenTelemetry packages are required only then, so without the variable
// the service loads none of them. Configure the exporter with the standard
// variables: OTEL_EXPORTER_OTLP_ENDPOINT (e.g. http://otel-collector:4318, OTLP
// over HTTP), OTEL_EXPORTER_OTLP_HEADERS, OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER. Start it before anything
// requires node:http (src/main.ts does), so the instrumentation sees every request.

// Probes and scrapes would be most of the spans and tell nothing.
export const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export interface Tracing {
  /** Exports the spans still buffered; call it on exit. */
  shutdown(): Promise<void>;
  /** The active span's ids, for log lines. */
  traceContext(): { trace_id?: string; span_id?: string };
}

/**
 * Starts tracing when `env.OTEL_EXPORTER_OTLP_ENDPOINT` is set. Returns
 * `{ shutdown(), traceContext() }` (shut it down on exit: it exports the spans
 * still buffered), or null when tracing is off.
 */
export function startTracing(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Tracing | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return null;
  }
  // Traces only: the metrics are Prometheus' (/metrics) and the logs go to
  // standard output, unless these variables ask for more.
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';

  // require(), not import, so they load only here; `typeof import()` types
  // them and loads nothing.
  const { trace, context } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { NodeSDK } = require(
    '@opentelemetry/sdk-node',
  ) as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } = require(
    '@opentelemetry/exporter-trace-otlp-http',
  ) as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require(
    '@opentelemetry/instrumentation-http',
  ) as typeof import('@opentelemetry/instrumentation-http');

  const sdk = new NodeSDK({
    // OTEL_SERVICE_NAME, when set, names the service instead.
    serviceName: env.OTEL_SERVICE_NAME ? undefined : service,
    traceExporter: new OTLPTraceExporter(),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: request =>
          UNTRACED_PATHS.has(new URL(request.url ?? '/', 'http://localhost').pathname),
      }),
    ],
  });
  sdk.start();

  return {
    shutdown: () => sdk.shutdown(),
    traceContext() {
      const spanContext = trace.getSpan(context.active())?.spanContext();
      if (!spanContext || !trace.isSpanContextValid(spanContext)) return {};
      return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
    },
  };
}

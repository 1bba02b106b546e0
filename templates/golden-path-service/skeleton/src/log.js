'use strict';

// Structured logs: one JSON object a line on standard output, with `time`,
// `level`, `service`, `message`, the fields passed with the message, and the
// trace and span ids when tracing is on and a span is active.

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

function createLogger({
  service,
  level = 'info',
  stream = process.stdout,
  traceContext = () => ({}),
} = {}) {
  const threshold = LEVELS[String(level).toLowerCase()];
  if (threshold === undefined) {
    throw new Error(
      `LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')}, not "${level}"`,
    );
  }

  function write(entryLevel, message, fields = {}) {
    if (LEVELS[entryLevel] < threshold) return;
    const entry = {
      time: new Date().toISOString(),
      level: entryLevel,
      service,
      message,
      ...fields,
      ...traceContext(),
    };
    if (fields.error instanceof Error) {
      entry.error = String(fields.error);
      entry.stack = fields.error.stack;
    }
    stream.write(JSON.stringify(entry) + '\n');
  }

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

module.exports = { createLogger, LEVELS };

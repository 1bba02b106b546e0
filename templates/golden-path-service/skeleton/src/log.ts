// Structured logs: one JSON object a line on standard output, with `time`,
// `level`, `service`, `message`, the fields passed with the message, and the
// trace and span ids when tracing is on and a span is active.

export const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

export type Level = keyof typeof LEVELS;

/** What a line carries besides its time, level, service and message. */
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  service?: string;
  /** A level name, in any case; anything else is refused. */
  level?: string;
  stream?: { write(text: string): unknown };
  /** The active span's ids, added to every line. */
  traceContext?: () => LogFields;
}

function isLevel(level: string): level is Level {
  return Object.hasOwn(LEVELS, level);
}

export function createLogger({
  service,
  level = 'info',
  stream = process.stdout,
  traceContext = () => ({}),
}: LoggerOptions = {}): Logger {
  const name = String(level).toLowerCase();
  if (!isLevel(name)) {
    throw new Error(
      `LOG_LEVEL must be one of ${Object.keys(LEVELS).join(', ')}, not "${level}"`,
    );
  }
  const threshold = LEVELS[name];

  function write(entryLevel: Level, message: string, fields: LogFields = {}) {
    if (LEVELS[entryLevel] < threshold) return;
    const entry: LogFields = {
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

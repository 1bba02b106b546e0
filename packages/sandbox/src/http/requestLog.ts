import type { Request, RequestHandler, Response } from 'express';
import { matchesPath, type PathPattern } from './pathPattern';

/** One request a sandbox server received. */
export interface RequestLogEntry {
  /** Upper-case HTTP method. */
  method: string;
  /** The path as the client sent it, without the query. */
  path: string;
  /** Query parameters; a repeated parameter's values are joined with `,`. */
  query: Record<string, string>;
  /**
   * The answer's status; undefined while the response is still open (a
   * watch), or when the connection ended before any answer (a reset).
   */
  status: number | undefined;
  /** From the request's arrival to the end of its response; undefined while open. */
  durationMs: number | undefined;
  /** When the request arrived, as an ISO 8601 timestamp. */
  time: string;
  /** The GitHub login or Kubernetes user the request authenticated as, when known. */
  user?: string;
  /**
   * Whether the request could change the server's state, as the server
   * judges it: not a read (GET, HEAD, OPTIONS), a git fetch, a GraphQL
   * query, a Kubernetes access review or a Kubernetes `dryRun` request.
   */
  write: boolean;
}

/**
 * Which entries to select: a predicate, or fields that must all match. A
 * `path` string is exact, or a prefix when it ends with `*`.
 */
export type RequestFilter =
  | ((entry: RequestLogEntry) => boolean)
  | {
      method?: string;
      path?: PathPattern;
      user?: string;
      status?: number;
      write?: boolean;
    };

/** How a server fills in what only it can tell about a request. */
export interface RequestLogOptions {
  /** Entries kept, oldest dropped first; 10,000 by default. */
  capacity?: number;
  /** The authenticated user, read when the response ends. */
  userOf?(req: Request, res: Response): string | undefined;
  /**
   * Whether a request could change state; any method but GET, HEAD and
   * OPTIONS by default. `path` is the one the client sent: routers mounted
   * on a prefix rewrite `req.path` while they run.
   */
  isWrite?(req: Request, path: string): boolean;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Any request whose method is not a read. */
export function isWriteMethod(req: Request): boolean {
  return !READ_METHODS.has(req.method);
}

/** The paths that drive the sandbox itself (faults, logs), not the API it stands in for. */
const CONTROL_PATHS = '/_sandbox/';

function matches(filter: RequestFilter, entry: RequestLogEntry): boolean {
  if (typeof filter === 'function') {
    return filter(entry);
  }
  return (
    (filter.method === undefined ||
      filter.method.toUpperCase() === entry.method) &&
    (filter.path === undefined || matchesPath(filter.path, entry.path)) &&
    (filter.user === undefined || filter.user === entry.user) &&
    (filter.status === undefined || filter.status === entry.status) &&
    (filter.write === undefined || filter.write === entry.write)
  );
}

function queryOf(url: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of new URL(url, 'http://sandbox').searchParams) {
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  return query;
}

/**
 * The requests one sandbox server received, newest last, so tests can count
 * calls and prove that a dry run wrote nothing. A ring: once `capacity`
 * entries are held the oldest is dropped, so a long `yarn start` stays small.
 */
export class RequestLog {
  private readonly capacity: number;
  private readonly ring: RequestLogEntry[] = [];
  /** Index of the oldest entry once the ring is full. */
  private start = 0;

  constructor(private readonly options: RequestLogOptions = {}) {
    this.capacity = options.capacity ?? 10_000;
    if (!(this.capacity >= 1)) {
      throw new Error(
        `Request log capacity must be at least 1, got ${this.capacity}`,
      );
    }
  }

  /** Every entry held, oldest first; a copy. */
  get entries(): RequestLogEntry[] {
    return [
      ...this.ring.slice(this.start),
      ...this.ring.slice(0, this.start),
    ].map(entry => ({ ...entry, query: { ...entry.query } }));
  }

  /** The entries that match, oldest first. */
  filter(filter: RequestFilter): RequestLogEntry[] {
    return this.entries.filter(entry => matches(filter, entry));
  }

  /** How many entries match; all of them without a filter. */
  count(filter?: RequestFilter): number {
    return filter ? this.filter(filter).length : this.ring.length;
  }

  /** The requests that could have changed state (see {@link RequestLogEntry.write}), optionally narrowed. */
  writes(filter?: RequestFilter): RequestLogEntry[] {
    return this.filter(
      entry => entry.write && (!filter || matches(filter, entry)),
    );
  }

  /** Forgets every entry, e.g. after a test's set-up, so only what follows is counted. */
  clear(): void {
    this.ring.length = 0;
    this.start = 0;
  }

  /** Mount first, so requests answered by a fault are logged too. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      if (req.path.startsWith(CONTROL_PATHS)) {
        next();
        return;
      }
      const started = process.hrtime.bigint();
      const isWrite = this.options.isWrite ?? isWriteMethod;
      const entry: RequestLogEntry = {
        method: req.method,
        path: req.path,
        query: queryOf(req.originalUrl),
        status: undefined,
        durationMs: undefined,
        time: new Date().toISOString(),
        write: isWrite(req, req.path),
      };
      // Logged on arrival, so a test sees watches that are still open.
      this.add(entry);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        entry.status = res.headersSent ? res.statusCode : undefined;
        entry.durationMs =
          Number(process.hrtime.bigint() - started) / 1_000_000;
        entry.user = this.options.userOf?.(req, res);
        // Judged again at the end: a GraphQL body is parsed by then.
        entry.write = isWrite(req, entry.path);
      };
      res.once('finish', end);
      res.once('close', end);
      next();
    };
  }

  private add(entry: RequestLogEntry) {
    if (this.ring.length < this.capacity) {
      this.ring.push(entry);
      return;
    }
    this.ring[this.start] = entry;
    this.start = (this.start + 1) % this.capacity;
  }
}

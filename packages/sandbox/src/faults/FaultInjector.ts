import express, { type RequestHandler, type Router } from 'express';
import type { Socket } from 'node:net';
import { matchesPath, type PathPattern } from '../http/pathPattern';

/** A fault applied to the requests it matches, until it is used up or removed. */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /**
   * Request path to match, without the query: a RegExp, an exact path, or a
   * prefix when the string ends with `*`.
   */
  path: PathPattern;
  /** How many matching requests the fault applies to (every one when absent). */
  times?: number;
  /** Delay before the request is handled or answered. */
  latencyMs?: number;
  /** Answer with this status instead of handling the request. */
  status?: number;
  /** Headers sent with `status`, e.g. `retry-after`. */
  headers?: Record<string, string>;
  /** Body sent with `status`; the server's own error body when absent. */
  body?: unknown;
  /** Handle the request, then close the connection this long after it began (drops watches). */
  dropAfterMs?: number;
  /**
   * Reset the connection (TCP RST), as a flaky network does: `request`
   * before the request is handled, so nothing changes; `response` after it
   * was handled, instead of answering, so the change is made but the client
   * never hears of it.
   */
  reset?: 'request' | 'response';
}

/** A rule once added: how often it fired, and a way to lift it. */
export interface FaultHandle {
  readonly id: number;
  readonly rule: FaultRule;
  /** Requests the rule has applied to so far. */
  readonly hits: number;
  remove(): void;
}

/** The JSON form of a rule, as the admin endpoint takes it. */
export interface FaultRuleJson extends Omit<FaultRule, 'path'> {
  path?: string;
  /** A regular expression matched against the path, instead of `path`. */
  pathRegex?: string;
}

export interface FaultInjectorOptions {
  /** The body a server of this kind answers an error with (GitHub's or a Kubernetes Status). */
  errorBody(status: number, message: string): unknown;
}

class ActiveFault implements FaultHandle {
  hits = 0;
  constructor(
    readonly id: number,
    readonly rule: FaultRule,
    private readonly owner: FaultInjector,
  ) {}

  matches(method: string, path: string): boolean {
    const { rule } = this;
    if (rule.method && rule.method.toUpperCase() !== method) {
      return false;
    }
    return matchesPath(rule.path, path);
  }

  get usedUp(): boolean {
    return this.rule.times !== undefined && this.hits >= this.rule.times;
  }

  remove() {
    this.owner.remove(this.id);
  }
}

/**
 * Switchable faults for one sandbox server, so a test can make a route fail
 * once, N times or always, slow it down, or drop its streaming connections.
 */
export class FaultInjector {
  private readonly faults = new Map<number, ActiveFault>();
  private nextId = 1;

  constructor(private readonly options: FaultInjectorOptions) {}

  add(rule: FaultRule): FaultHandle {
    if (rule.times !== undefined && !(rule.times >= 1)) {
      throw new Error(`Fault 'times' must be at least 1, got ${rule.times}`);
    }
    const fault = new ActiveFault(this.nextId++, rule, this);
    this.faults.set(fault.id, fault);
    return fault;
  }

  remove(id: number) {
    this.faults.delete(id);
  }

  clear() {
    this.faults.clear();
  }

  list(): FaultHandle[] {
    return [...this.faults.values()];
  }

  /** Mount first, so faults apply before authentication and routing. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const fault = this.take(req.method, req.path);
      if (!fault) {
        next();
        return;
      }
      const { rule } = fault;
      const apply = () => {
        if (rule.reset === 'request') {
          resetConnection(req.socket);
          return;
        }
        if (rule.reset === 'response') {
          // Whatever the route answers is never sent.
          const reset = () => {
            resetConnection(req.socket);
            return res;
          };
          res.writeHead = reset as typeof res.writeHead;
          res.write = (() => Boolean(reset())) as typeof res.write;
          res.end = reset as typeof res.end;
          next();
          return;
        }
        if (rule.status !== undefined) {
          res
            .status(rule.status)
            .set(rule.headers ?? {})
            .json(
              rule.body ??
                this.options.errorBody(
                  rule.status,
                  `Fault injected by the sandbox for ${req.method} ${req.path}`,
                ),
            );
          return;
        }
        if (rule.dropAfterMs !== undefined) {
          const timer = setTimeout(
            () => req.socket.destroy(),
            rule.dropAfterMs,
          );
          res.on('close', () => clearTimeout(timer));
        }
        next();
      };
      if (rule.latencyMs) {
        setTimeout(apply, rule.latencyMs);
      } else {
        apply();
      }
    };
  }

  /**
   * `GET|POST|DELETE /` and `DELETE /:id`, for tests that drive the sandbox
   * from another process (e.g. browser tests against `yarn start`).
   */
  adminRouter(): Router {
    const router = express.Router();
    router.use(express.json());
    router.get('/', (_req, res) => {
      res.json(this.list().map(describe));
    });
    router.post('/', (req, res) => {
      let rule: FaultRule;
      try {
        rule = parseRuleJson(req.body);
      } catch (error) {
        res.status(400).json({ message: (error as Error).message });
        return;
      }
      res.status(201).json(describe(this.add(rule)));
    });
    router.delete('/', (_req, res) => {
      this.clear();
      res.status(204).end();
    });
    router.delete('/:id', (req, res) => {
      this.remove(Number(req.params.id));
      res.status(204).end();
    });
    return router;
  }

  private take(method: string, path: string): ActiveFault | undefined {
    for (const fault of this.faults.values()) {
      if (fault.matches(method, path)) {
        fault.hits += 1;
        if (fault.usedUp) {
          this.faults.delete(fault.id);
        }
        return fault;
      }
    }
    return undefined;
  }
}

/** An RST rather than a FIN, so the client sees ECONNRESET. */
function resetConnection(socket: Socket) {
  if (typeof socket.resetAndDestroy === 'function') {
    socket.resetAndDestroy();
  } else {
    socket.destroy();
  }
}

function describe(fault: FaultHandle) {
  const { path, ...rest } = fault.rule;
  return {
    id: fault.id,
    hits: fault.hits,
    ...rest,
    ...(path instanceof RegExp ? { pathRegex: path.source } : { path }),
  };
}

/** Validates the JSON form of a rule; errors name the field. */
export function parseRuleJson(input: unknown): FaultRule {
  if (!input || typeof input !== 'object') {
    throw new Error('Fault rule must be a JSON object');
  }
  const json = input as FaultRuleJson;
  if ((json.path === undefined) === (json.pathRegex === undefined)) {
    throw new Error("Fault rule needs exactly one of 'path' or 'pathRegex'");
  }
  for (const key of ['times', 'latencyMs', 'status', 'dropAfterMs'] as const) {
    if (json[key] !== undefined && typeof json[key] !== 'number') {
      throw new Error(`Fault rule '${key}' must be a number`);
    }
  }
  if (
    json.reset !== undefined &&
    json.reset !== 'request' &&
    json.reset !== 'response'
  ) {
    throw new Error(
      `Fault rule 'reset' must be 'request' or 'response', got ${JSON.stringify(
        json.reset,
      )}`,
    );
  }
  if (json.status !== undefined && (json.status < 100 || json.status > 599)) {
    throw new Error(
      `Fault rule 'status' must be an HTTP status, got ${json.status}`,
    );
  }
  if (json.times !== undefined && !(json.times >= 1)) {
    throw new Error(`Fault rule 'times' must be at least 1, got ${json.times}`);
  }
  let path: string | RegExp;
  if (json.pathRegex !== undefined) {
    try {
      path = new RegExp(json.pathRegex);
    } catch (error) {
      throw new Error(
        `Fault rule 'pathRegex' is not a valid regular expression: ${
          (error as Error).message
        }`,
      );
    }
  } else {
    path = json.path!;
  }
  const { pathRegex: _ignored, ...rest } = json;
  return { ...rest, path };
}

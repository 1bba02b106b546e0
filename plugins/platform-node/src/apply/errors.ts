import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** What the request was, for messages: `create ResourceQuota web-dev/tier-quota on nonprod`. */
export interface RequestDescription {
  cluster: string;
  verb: string;
  kind: string;
  namespace?: string;
  name: string;
  /** The time a call was given, for the message when it ran out. */
  timeoutMs?: number;
}

interface StatusBody {
  message?: string;
  details?: { causes?: Array<{ field?: string; message?: string }> };
}

/** The HTTP status of a failed client call, or undefined for a network error. */
export function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

function bodyOf(error: unknown): StatusBody {
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body };
    }
  }
  return (body as StatusBody) ?? {};
}

function describe(request: RequestDescription): string {
  const name = request.namespace
    ? `${request.namespace}/${request.name}`
    : request.name;
  return `${request.verb} ${request.kind} ${name} on cluster ${request.cluster}`;
}

/** Whether a call was abandoned (its time ran out). */
function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** Whether a failure may pass when the call is made again. */
export function isTransient(error: unknown): boolean {
  const status = statusOf(error);
  return status === undefined || status >= 500 || status === 429;
}

/**
 * A failed call as an error a developer can act on, naming the cluster and
 * what was asked: 403 is `NotAllowedError`, 422 is `InputError` with the
 * API's causes, an unreachable cluster is `ServiceUnavailableError`.
 */
export function toProvisioningError(
  error: unknown,
  request: RequestDescription,
): Error {
  const status = statusOf(error);
  const body = bodyOf(error);
  const what = describe(request);
  if (status === undefined && isAbort(error)) {
    const limit = request.timeoutMs
      ? ` within ${request.timeoutMs / 1000} s`
      : ' in time';
    return new ServiceUnavailableError(
      `Could not ${what}: the cluster did not answer${limit}, on any of the attempts`,
    );
  }
  if (status === undefined) {
    return new ServiceUnavailableError(
      `Could not ${what}: the cluster is unreachable (${
        (error as Error)?.message ?? error
      })`,
    );
  }
  if (status === 403) {
    return new NotAllowedError(
      `The portal may not ${what}: ${body.message ?? 'forbidden'}`,
    );
  }
  if (status === 422 || status === 400) {
    const causes = (body.details?.causes ?? [])
      .map(cause => `${cause.field ?? ''}: ${cause.message ?? ''}`.trim())
      .join('; ');
    return new InputError(
      `The cluster refused to ${what}: ${causes || body.message || 'invalid'}`,
    );
  }
  if (status === 404) {
    return new NotFoundError(
      `Could not ${what}: ${body.message ?? 'not found'}`,
    );
  }
  return new ServiceUnavailableError(
    `Could not ${what}: HTTP ${status} ${body.message ?? ''}`.trim(),
  );
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Runs a call, again after 0.2, 0.4 and 0.8 s when it fails with a 5xx, a
 * 429 or a network error; any other failure is final at once.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) {
        throw error;
      }
      await sleep(baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

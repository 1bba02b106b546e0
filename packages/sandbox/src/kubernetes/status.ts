import type { KubernetesObject } from './types';

/** One entry of `details.causes[]`, e.g. a field that failed validation. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A `meta/v1 Status`, the body of every error answer of the API server. */
export interface StatusBody extends KubernetesObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function statusBody(
  code: number,
  message: string,
  reason = REASONS[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest'),
  details?: StatusDetails,
): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

/** An error the API answers as a Status; thrown by the store as well as the HTTP layer. */
export class KubernetesApiError extends Error {
  name = 'KubernetesApiError';
  constructor(
    readonly code: number,
    message: string,
    readonly reason: string = REASONS[code] ?? 'InternalError',
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): StatusBody {
    return statusBody(this.code, this.message, this.reason, this.details);
  }
}

/** `deployments.apps`, or `pods` for the core group: how messages name a resource. */
export function qualifiedResource(group: string, resource: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(
  group: string,
  resource: string,
  name: string,
): KubernetesApiError {
  return new KubernetesApiError(
    404,
    `${qualifiedResource(group, resource)} "${name}" not found`,
    'NotFound',
    { name, group: group || undefined, kind: resource },
  );
}

export function alreadyExists(
  group: string,
  resource: string,
  name: string,
): KubernetesApiError {
  return new KubernetesApiError(
    409,
    `${qualifiedResource(group, resource)} "${name}" already exists`,
    'AlreadyExists',
    { name, group: group || undefined, kind: resource },
  );
}

export function conflict(
  group: string,
  resource: string,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): KubernetesApiError {
  return new KubernetesApiError(
    409,
    `Operation cannot be fulfilled on ${qualifiedResource(
      group,
      resource,
    )} "${name}": ${why}`,
    'Conflict',
    { name, group: group || undefined, kind: resource },
  );
}

export function forbidden(
  group: string,
  resource: string,
  name: string | undefined,
  why: string,
): KubernetesApiError {
  const subject = name
    ? `${qualifiedResource(group, resource)} "${name}"`
    : qualifiedResource(group, resource);
  return new KubernetesApiError(
    403,
    `${subject} is forbidden: ${why}`,
    'Forbidden',
    { name, group: group || undefined, kind: resource },
  );
}

export function badRequest(message: string): KubernetesApiError {
  return new KubernetesApiError(400, message, 'BadRequest');
}

/** The body the server answers for paths it does not serve. */
export function resourceNotFound(): KubernetesApiError {
  return new KubernetesApiError(
    404,
    'the server could not find the requested resource',
    'NotFound',
    {},
  );
}

/** A field error as the API server's validation reports it. */
export interface FieldError {
  type:
    | 'FieldValueRequired'
    | 'FieldValueInvalid'
    | 'FieldValueNotSupported'
    | 'FieldValueForbidden'
    | 'FieldValueDuplicate'
    | 'FieldValueTooLong';
  field: string;
  /** The offending value, quoted in the message like the server does. */
  value?: unknown;
  detail?: string;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (value === undefined || value === null) {
    return 'null';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** `Required value`, `Invalid value: "x": why`, as in the server's messages. */
export function fieldErrorMessage(error: FieldError): string {
  switch (error.type) {
    case 'FieldValueRequired':
      return error.detail
        ? `Required value: ${error.detail}`
        : 'Required value';
    case 'FieldValueNotSupported':
      return `Unsupported value: ${formatValue(error.value)}${
        error.detail ? `: ${error.detail}` : ''
      }`;
    case 'FieldValueForbidden':
      return `Forbidden: ${error.detail ?? ''}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${formatValue(error.value)}`;
    case 'FieldValueTooLong':
      return `Too long: ${error.detail ?? ''}`;
    default:
      return `Invalid value: ${formatValue(error.value)}${
        error.detail ? `: ${error.detail}` : ''
      }`;
  }
}

/** 422 Invalid, `Deployment.apps "x" is invalid: <field>: <why>` with causes. */
export function invalid(
  group: string,
  kind: string,
  name: string,
  errors: FieldError[],
): KubernetesApiError {
  const parts = errors.map(e => `${e.field}: ${fieldErrorMessage(e)}`);
  const summary = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  return new KubernetesApiError(
    422,
    `${qualifiedKind} "${name}" is invalid: ${summary}`,
    'Invalid',
    {
      name,
      group: group || undefined,
      kind,
      causes: errors.map(e => ({
        reason: e.type,
        message: fieldErrorMessage(e),
        field: e.field,
      })),
    },
  );
}

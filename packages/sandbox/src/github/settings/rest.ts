import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GitHubError, type RepositoryRecord } from '../types';
import type { SettingsDeps } from './directory';

/** Express 4 does not catch rejected promises: hand them to the error middleware. */
export function route(
  handler: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

/** The API and web roots of the host the client called. */
export interface Urls {
  /** `<base>/api/v3`, as a GitHub Enterprise host serves its REST API. */
  api: string;
  /** `<base>`, where html_url points. */
  web: string;
}

export function urlsOf(deps: SettingsDeps, req: Request): Urls {
  const web = deps.baseUrl(req).replace(/\/+$/, '');
  return { api: `${web}/api/v3`, web };
}

export function repositoryApiUrl(urls: Urls, repository: RepositoryRecord) {
  return `${urls.api}/repos/${repository.owner}/${repository.name}`;
}

export function repositoryHtmlUrl(urls: Urls, repository: RepositoryRecord) {
  return `${urls.web}/${repository.owner}/${repository.name}`;
}

/** GitHub's timestamps carry no milliseconds. */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A global node id in the spirit of GitHub's: opaque, stable, typed. */
export function nodeId(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

export function notFound(message = 'Not Found'): GitHubError {
  return new GitHubError(404, message);
}

/** The 422 GitHub answers when a body does not match the endpoint's schema. */
export function invalidRequest(
  detail: string,
  field?: string,
  resource = 'Request',
): GitHubError {
  return new GitHubError(
    422,
    `Invalid request.\n\n${detail}`,
    field ? [{ resource, code: 'invalid', field, message: detail }] : undefined,
  );
}

export function missingField(field: string, resource: string): GitHubError {
  return new GitHubError(
    422,
    `Invalid request.\n\n"${field}" wasn't supplied.`,
    [{ resource, code: 'missing_field', field }],
  );
}

/** The JSON object body of a request (an absent body counts as `{}`). */
export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined || body === null || body === '') {
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new GitHubError(400, 'Problems parsing JSON');
  }
  return body as Record<string, unknown>;
}

function typeError(field: string, value: unknown, expected: string) {
  return invalidRequest(
    `For 'properties/${field}', ${JSON.stringify(value)} is not ${expected}.`,
    field,
  );
}

export function optionalString(
  body: Record<string, unknown>,
  field: string,
): string | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw typeError(field, value, 'a string');
  }
  return value;
}

export function requiredString(
  body: Record<string, unknown>,
  field: string,
  resource: string,
): string {
  if (body[field] === undefined) {
    throw missingField(field, resource);
  }
  return optionalString(body, field)!;
}

export function optionalBoolean(
  body: Record<string, unknown>,
  field: string,
): boolean | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw typeError(field, value, 'a boolean');
  }
  return value;
}

export function optionalInteger(
  body: Record<string, unknown>,
  field: string,
): number | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw typeError(field, value, 'an integer');
  }
  return value;
}

export function optionalStringArray(
  body: Record<string, unknown>,
  field: string,
): string[] | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw typeError(field, value, 'an array of strings');
  }
  return value as string[];
}

/** An object-valued field: undefined when absent, null when sent as null. */
export function optionalObject(
  body: Record<string, unknown>,
  field: string,
): Record<string, unknown> | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    return value as null | undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw typeError(field, value, 'an object');
  }
  return value as Record<string, unknown>;
}

/** A positive integer path parameter (ids), or 404 as GitHub answers. */
export function idParam(req: Request, name: string): number {
  const value = Number(req.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw notFound();
  }
  return value;
}

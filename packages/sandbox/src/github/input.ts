import type { Request } from 'express';
import { invalidField, missingField, notFound } from './errors';

export type Body = Record<string, unknown>;

/** The JSON body as an object; `{}` when there is none. */
export function bodyOf(req: Request): Body {
  const body: unknown = req.body;
  if (body === undefined || body === null || Buffer.isBuffer(body)) {
    return {};
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw invalidField('', 'Body must be a JSON object.');
  }
  return body as Body;
}

/** A field checked as GitHub's schema validation does; `expected` ends its message. */
function typed<T>(
  body: Body,
  field: string,
  expected: string,
  check: (value: unknown) => value is T,
): T | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (!check(value)) {
    throw invalidField(
      field,
      `For 'properties/${field}', ${JSON.stringify(value)} is not ${expected}.`,
    );
  }
  return value;
}

export const optionalString = (body: Body, field: string) =>
  typed(body, field, 'a string', (v): v is string => typeof v === 'string');

/** A string, or null to clear the field. */
export const optionalNullableString = (body: Body, field: string) =>
  typed(
    body,
    field,
    'a string',
    (v): v is string | null => v === null || typeof v === 'string',
  );

export const optionalBoolean = (body: Body, field: string) =>
  typed(body, field, 'a boolean', (v): v is boolean => typeof v === 'boolean');

export const optionalInteger = (body: Body, field: string) =>
  typed(body, field, 'an integer', (v): v is number => Number.isInteger(v));

export const optionalStringArray = (body: Body, field: string) =>
  typed(
    body,
    field,
    'an array',
    (v): v is string[] =>
      Array.isArray(v) && v.every(item => typeof item === 'string'),
  );

/** An object-valued field: undefined when absent, null when sent as null. */
export const optionalObject = (body: Body, field: string) =>
  typed(
    body,
    field,
    'an object',
    (v): v is Body | null =>
      v === null || (typeof v === 'object' && !Array.isArray(v)),
  );

/** A string the body must hold; 422 `missing_field` for `resource` without it. */
export function requiredString(
  body: Body,
  field: string,
  resource?: string,
): string {
  const value = optionalString(body, field);
  if (value === undefined) {
    throw missingField(field, resource);
  }
  return value;
}

/** A query parameter that GitHub reads as a single string. */
export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/** A positive integer path parameter (an id); 404 otherwise, as GitHub answers. */
export function idParam(req: Request, name: string): number {
  const value = Number(req.params[name]);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw notFound();
  }
  return value;
}

import type { Request } from 'express';
import { invalidField } from './errors';

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

function typed<T>(
  body: Body,
  field: string,
  type: string,
  check: (value: unknown) => value is T,
): T | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (!check(value)) {
    throw invalidField(
      field,
      `For '${field}', ${JSON.stringify(value)} is not a ${type}.`,
    );
  }
  return value;
}

export const optionalString = (body: Body, field: string) =>
  typed(body, field, 'string', (v): v is string => typeof v === 'string');

/** A string, or null to clear the field. */
export const optionalNullableString = (body: Body, field: string) =>
  typed(
    body,
    field,
    'string',
    (v): v is string | null => v === null || typeof v === 'string',
  );

export const optionalBoolean = (body: Body, field: string) =>
  typed(body, field, 'boolean', (v): v is boolean => typeof v === 'boolean');

export const optionalStringArray = (body: Body, field: string) =>
  typed(
    body,
    field,
    'array',
    (v): v is string[] =>
      Array.isArray(v) && v.every(item => typeof item === 'string'),
  );

export function requiredString(body: Body, field: string): string {
  const value = optionalString(body, field);
  if (value === undefined) {
    throw invalidField(field, `"${field}" wasn't supplied.`);
  }
  return value;
}

/** A query parameter that GitHub reads as a single string. */
export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

import type { KindVersion, NameRule, ResourceKind } from './resources';
import { type FieldError, invalid } from './status';
import type { KubernetesObject } from './types';

const SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const NAME_RULES: Record<
  NameRule,
  { max: number; test(name: string): string | undefined }
> = {
  subdomain: {
    max: 253,
    test: name =>
      SUBDOMAIN.test(name)
        ? undefined
        : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  label: {
    max: 63,
    test: name =>
      LABEL.test(name)
        ? undefined
        : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  dns1035: {
    max: 63,
    test: name =>
      DNS1035.test(name)
        ? undefined
        : "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
  path: {
    max: Infinity,
    test: name => {
      if (name === '.' || name === '..') return `may not be '${name}'`;
      if (name.includes('/')) return "may not contain '/'";
      if (name.includes('%')) return "may not contain '%'";
      return undefined;
    },
  },
};

/** Checks `metadata.name` as the server does for this kind. */
export function nameErrors(kind: ResourceKind, name: string): FieldError[] {
  const rule = NAME_RULES[kind.nameRule];
  const max = kind.maxNameLength ?? rule.max;
  const errors: FieldError[] = [];
  const why = rule.test(name);
  if (why) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: name,
      detail: why,
    });
  }
  if (name.length > max) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'metadata.name',
      value: name,
      detail: `must be no more than ${max} characters`,
    });
  }
  return errors;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** `/spec/containers/0/image` → `spec.containers[0].image`, the server's field paths. */
export function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
      return path ? `${path}.${segment}` : segment;
    }, '');
}

function valueAt(object: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .filter(Boolean)
    .reduce<unknown>(
      (value, key) => (value as Record<string, unknown> | undefined)?.[key],
      object,
    );
}

function toFieldErrors(
  object: KubernetesObject,
  errors: AjvError[],
): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of errors) {
    if (
      error.keyword === 'oneOf' ||
      error.keyword === 'anyOf' ||
      error.keyword === 'if'
    ) {
      continue;
    }
    if (error.keyword === 'required') {
      const field = fieldPath(
        `${error.instancePath}/${error.params.missingProperty}`,
      );
      byField.set(field, { type: 'FieldValueRequired', field });
      continue;
    }
    const field = fieldPath(error.instancePath);
    if (byField.has(field)) continue;
    const value = valueAt(object, error.instancePath);
    if (error.keyword === 'enum') {
      byField.set(field, {
        type: 'FieldValueNotSupported',
        field,
        value,
        detail: `supported values: ${(
          (error.params.allowedValues ?? []) as unknown[]
        )
          .map(v => JSON.stringify(v))
          .join(', ')}`,
      });
    } else if (
      error.keyword === 'format' &&
      error.params.format === 'quantity'
    ) {
      byField.set(field, {
        type: 'FieldValueInvalid',
        field,
        value,
        detail:
          "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
      });
    } else {
      byField.set(field, {
        type: 'FieldValueInvalid',
        field,
        value,
        detail: error.message,
      });
    }
  }
  return [...byField.values()];
}

/** Errors of the official schema (kubernetes-models) for this version of the kind. */
export function schemaErrors(
  version: KindVersion,
  object: KubernetesObject,
): FieldError[] {
  try {
    const Model = version.model;
    // A copy: the models may keep or adjust the data they are given.
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error) {
    const ajvErrors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(ajvErrors)) {
      return [
        {
          type: 'FieldValueInvalid',
          field: '',
          detail: (error as Error).message,
        },
      ];
    }
    return toFieldErrors(object, ajvErrors);
  }
}

/**
 * Everything that makes an object Invalid (422): its name, the official
 * schema of the version it was sent in, and the kind's own server rules.
 */
export function validateObject(
  kind: ResourceKind,
  version: KindVersion,
  object: KubernetesObject,
  old?: KubernetesObject,
): void {
  const name = object.metadata?.name ?? '';
  const errors: FieldError[] = [
    ...nameErrors(kind, name),
    ...labelErrors(object),
    ...schemaErrors(version, object),
    ...(kind.rules?.(object) ?? []),
    ...(old ? kind.updateRules?.(object, old) ?? [] : []),
  ];
  if (errors.length) {
    throw invalid(kind.group, kind.kind, name, dedupe(errors));
  }
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter(e => {
    const key = `${e.field}|${e.type}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function labelErrors(object: KubernetesObject): FieldError[] {
  const errors: FieldError[] = [];
  for (const value of Object.values(object.metadata?.labels ?? {})) {
    if (
      typeof value !== 'string' ||
      value.length > 63 ||
      !LABEL_VALUE.test(value)
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'metadata.labels',
        value,
        detail:
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      });
    }
  }
  return errors;
}

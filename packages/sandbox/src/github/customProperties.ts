import { invalidField, missingField, validationFailed } from './errors';
import { optionalBoolean, optionalNullableString, type Body } from './input';
import type {
  CustomPropertyRecord,
  CustomPropertyValue,
  CustomPropertyValueType,
  OrganizationRecord,
} from './state/model';
import { loginKey, type GitHubStore } from './state/GitHubStore';
import { GitHubError } from './types';

const VALUE_TYPES: CustomPropertyValueType[] = [
  'string',
  'single_select',
  'multi_select',
  'true_false',
];
const EDITORS = ['org_actors', 'org_and_repo_actors'] as const;
/** GitHub's rule for property names: letters, digits and `_ - $ #`, at most 75. */
const PROPERTY_NAME = /^[A-Za-z0-9_$#-]{1,75}$/;
const MAX_PROPERTIES = 100;
const MAX_ALLOWED_VALUES = 200;

/** The organization's property definitions, oldest first. */
export function propertySchemasOf(
  store: GitHubStore,
  org: OrganizationRecord,
): CustomPropertyRecord[] {
  return store.data.propertySchemas?.[loginKey(org.login)] ?? [];
}

export function findPropertySchema(
  store: GitHubStore,
  org: OrganizationRecord,
  name: string,
): CustomPropertyRecord | undefined {
  const wanted = name.toLowerCase();
  return propertySchemasOf(store, org).find(
    p => p.property_name.toLowerCase() === wanted,
  );
}

/**
 * A definition from a request body, checked as GitHub checks it: a known
 * value type, allowed values for selects only, a default that is one of
 * them, a default for a required property.
 */
export function propertySchemaFrom(
  name: string,
  body: Body,
): CustomPropertyRecord {
  if (!PROPERTY_NAME.test(name)) {
    throw invalidField(
      'property_name',
      `For 'property_name', "${name}" is not a valid property name (letters, digits, '_', '-', '$' and '#', at most 75 characters).`,
    );
  }
  const valueType = body.value_type;
  if (valueType === undefined) {
    throw missingField('value_type');
  }
  if (!VALUE_TYPES.includes(valueType as CustomPropertyValueType)) {
    throw invalidField(
      'value_type',
      `For 'properties/value_type', ${JSON.stringify(
        valueType,
      )} is not one of [${VALUE_TYPES.map(v => `"${v}"`).join(', ')}].`,
    );
  }
  const type = valueType as CustomPropertyValueType;
  const allowed = body.allowed_values ?? null;
  if (
    allowed !== null &&
    (!Array.isArray(allowed) || allowed.some(v => typeof v !== 'string'))
  ) {
    throw invalidField(
      'allowed_values',
      `For 'properties/allowed_values', ${JSON.stringify(
        allowed,
      )} is not an array of strings.`,
    );
  }
  const isSelect = type === 'single_select' || type === 'multi_select';
  if (allowed !== null && !isSelect) {
    throw new GitHubError(
      422,
      `Validation failed: Allowed values must be nil if value_type is ${type}`,
    );
  }
  if (isSelect && (!allowed || allowed.length === 0)) {
    throw new GitHubError(
      422,
      `Validation failed: Allowed values can't be blank if value_type is ${type}`,
    );
  }
  if (allowed && allowed.length > MAX_ALLOWED_VALUES) {
    throw new GitHubError(
      422,
      `Validation failed: Allowed values can have at most ${MAX_ALLOWED_VALUES} items`,
    );
  }
  const editors = body.values_editable_by ?? 'org_actors';
  if (!EDITORS.includes(editors as (typeof EDITORS)[number])) {
    throw invalidField(
      'values_editable_by',
      `For 'properties/values_editable_by', ${JSON.stringify(
        editors,
      )} is not one of ["org_actors", "org_and_repo_actors"].`,
    );
  }
  const schema: CustomPropertyRecord = {
    property_name: name,
    value_type: type,
    required: optionalBoolean(body, 'required') ?? false,
    default_value: null,
    description: optionalNullableString(body, 'description') ?? null,
    allowed_values: allowed as string[] | null,
    values_editable_by: editors as CustomPropertyRecord['values_editable_by'],
  };
  const fallback = body.default_value ?? null;
  if (fallback !== null) {
    schema.default_value = checkedValue(schema, fallback, 'default_value');
  }
  if (schema.required && schema.default_value === null) {
    throw new GitHubError(
      422,
      'Validation failed: Default value is required for required properties',
    );
  }
  return schema;
}

/**
 * A value checked against its definition: a string for `string`, one of the
 * allowed values for `single_select`, some of them for `multi_select`,
 * `true` or `false` for `true_false`.
 */
export function checkedValue(
  schema: CustomPropertyRecord,
  value: unknown,
  field = 'value',
): CustomPropertyValue {
  const name = schema.property_name;
  const refuse = (why: string) =>
    validationFailed(
      {
        resource: 'CustomPropertyValue',
        code: 'invalid',
        field,
        message: `Invalid value for property '${name}': ${why}`,
      },
      `Invalid value for property '${name}': ${why}`,
    );
  switch (schema.value_type) {
    case 'multi_select': {
      const values = typeof value === 'string' ? [value] : value;
      if (
        !Array.isArray(values) ||
        values.some(v => !schema.allowed_values!.includes(v))
      ) {
        throw refuse(
          `must be some of ${JSON.stringify(schema.allowed_values)}`,
        );
      }
      return [...new Set(values as string[])];
    }
    case 'single_select':
      if (
        typeof value !== 'string' ||
        !schema.allowed_values!.includes(value)
      ) {
        throw refuse(`must be one of ${JSON.stringify(schema.allowed_values)}`);
      }
      return value;
    case 'true_false':
      if (value !== 'true' && value !== 'false') {
        throw refuse("must be 'true' or 'false'");
      }
      return value;
    default:
      if (typeof value !== 'string') {
        throw refuse('must be a string');
      }
      return value;
  }
}

/** The values a request sets: `undefined` stands for null, which unsets. */
export type PropertyChanges = Array<{
  schema: CustomPropertyRecord;
  value: CustomPropertyValue | undefined;
}>;

/**
 * Checks values against the organization's definitions; an undefined
 * property is GitHub's "Unexpected property". Changes nothing.
 */
export function checkedValues(
  store: GitHubStore,
  org: OrganizationRecord,
  entries: Array<{ name: unknown; value: unknown }>,
): PropertyChanges {
  if (entries.length > MAX_PROPERTIES) {
    throw new GitHubError(
      422,
      `Validation failed: at most ${MAX_PROPERTIES} properties can be set at once`,
    );
  }
  return entries.map(({ name, value }) => {
    if (typeof name !== 'string') {
      throw missingField('property_name');
    }
    const schema = findPropertySchema(store, org, name);
    if (!schema) {
      throw new GitHubError(422, `Unexpected property '${name}'`);
    }
    if (value === null) {
      if (schema.required) {
        throw new GitHubError(
          422,
          `Property '${schema.property_name}' is required and cannot be unset`,
        );
      }
      return { schema, value: undefined };
    }
    return { schema, value: checkedValue(schema, value) };
  });
}

/** The values set on a repository, by property name. */
export function propertyValuesOf(
  store: GitHubStore,
  repositoryId: number,
): Record<string, CustomPropertyValue> {
  return store.data.propertyValues?.[String(repositoryId)] ?? {};
}

/** Applies checked changes; a required property keeps its default when unset. */
export function applyPropertyValues(
  store: GitHubStore,
  repositoryId: number,
  changes: PropertyChanges,
) {
  const all = (store.data.propertyValues ??= {});
  const values = { ...(all[String(repositoryId)] ?? {}) };
  for (const { schema, value } of changes) {
    if (value === undefined) {
      delete values[schema.property_name];
    } else {
      values[schema.property_name] = value;
    }
  }
  all[String(repositoryId)] = values;
}

/**
 * The values of a new repository: those given, and the default of every
 * required property not given, as GitHub fills them in.
 */
export function initialPropertyValues(
  store: GitHubStore,
  org: OrganizationRecord,
  given: Record<string, unknown> | undefined,
): PropertyChanges {
  const changes = checkedValues(
    store,
    org,
    Object.entries(given ?? {}).map(([name, value]) => ({ name, value })),
  ).filter(c => c.value !== undefined);
  for (const schema of propertySchemasOf(store, org)) {
    if (
      schema.required &&
      schema.default_value !== null &&
      !changes.some(c => c.schema === schema)
    ) {
      changes.push({ schema, value: schema.default_value });
    }
  }
  return changes;
}

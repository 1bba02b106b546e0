import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The entity the form chose (the value of its `entityField`, `entity` by
 * default) as a full ref and its name; undefined when none is chosen yet
 * or the value is not an entity ref.
 */
export function chosenEntity(
  formData: unknown,
  entityField = 'entity',
): { ref: string; name: string } | undefined {
  const value = (formData as Record<string, unknown> | undefined)?.[
    entityField
  ];
  if (typeof value !== 'string' || !value) return undefined;
  try {
    const ref = parseEntityRef(value, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return { ref: stringifyEntityRef(ref), name: ref.name };
  } catch {
    return undefined;
  }
}

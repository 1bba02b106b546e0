import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * The `entityRef` input of a plan acting on an existing service: a
 * Component's ref (kind and namespace default to component and default),
 * else an InputError naming the field.
 */
export function parseComponentRef(given: string): CompoundEntityRef {
  let ref: CompoundEntityRef;
  try {
    ref = parseEntityRef(given, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `entityRef: must be a Component entity ref such as component:default/invoice-service (${
        (error as Error).message
      })`,
    );
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'component') {
    throw new InputError(
      `entityRef: must be a Component entity ref such as component:default/invoice-service, got '${given}'`,
    );
  }
  return ref;
}

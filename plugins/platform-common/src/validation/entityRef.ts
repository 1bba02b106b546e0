import {
  type CompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Violation } from './violations';

const EXAMPLES: Record<string, string> = {
  group: 'group:default/payments-team',
  system: 'system:default/payments',
  component: 'component:default/invoice-service',
};

/**
 * Reads an entity ref of one kind (`payments-team` and
 * `group:default/payments-team` alike for a group): the full ref, or the
 * violation of the field that held it.
 */
export function validateEntityRef(
  value: string,
  kind: 'group' | 'system' | 'component',
  field: string,
): { ref: CompoundEntityRef; full: string } | { violation: Violation } {
  try {
    const ref = parseEntityRef(value, {
      defaultKind: kind,
      defaultNamespace: 'default',
    });
    if (ref.kind.toLowerCase() === kind) {
      return { ref, full: stringifyEntityRef(ref) };
    }
  } catch {
    // Reported below, as for a ref of another kind.
  }
  return {
    violation: {
      field,
      rule: 'entity-ref',
      message: `must be a ${kind} entity ref such as ${EXAMPLES[kind]}, got '${value}'`,
    },
  };
}

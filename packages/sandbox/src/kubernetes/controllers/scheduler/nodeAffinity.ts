import type { IPod } from 'kubernetes-models/v1';

/**
 * Node selection as the API's `NodeSelector` defines it, for a pod's
 * `nodeSelector` and node affinity (the scheduler) and a DaemonSet's
 * template (which nodes its pods belong on).
 */

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** What a node is matched on: its labels and, for `matchFields`, its name. */
export interface NodeIdentity {
  name: string;
  labels: Record<string, string>;
}

type PodSpec = NonNullable<IPod['spec']>;

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^[+-]?\d+$/.test(value)
    ? Number(value)
    : undefined;
}

function requirementMatches(
  requirement: NodeSelectorRequirement,
  value: string | undefined,
): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const actual = integer(value);
      const bound = integer(values[0]);
      if (actual === undefined || bound === undefined) return false;
      return requirement.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** A term holds when all its requirements do; an empty term matches no node. */
export function termMatches(
  term: NodeSelectorTerm,
  node: NodeIdentity,
): boolean {
  const expressions = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!expressions.length && !fields.length) return false;
  return (
    expressions.every(r =>
      requirementMatches(
        r,
        Object.hasOwn(node.labels, r.key) ? node.labels[r.key] : undefined,
      ),
    ) &&
    fields.every(r =>
      requirementMatches(r, r.key === 'metadata.name' ? node.name : undefined),
    )
  );
}

/** `nodeSelector` and the required node affinity (whose terms are ORed) both hold. */
export function matchesNodeSelector(
  spec: PodSpec | undefined,
  node: NodeIdentity,
): boolean {
  const selector = spec?.nodeSelector ?? {};
  if (
    !Object.entries(selector).every(
      ([key, value]) =>
        Object.hasOwn(node.labels, key) && node.labels[key] === value,
    )
  )
    return false;
  const required =
    spec?.affinity?.nodeAffinity
      ?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some(term =>
    termMatches(term as NodeSelectorTerm, node),
  );
}

/**
 * The nodes a pod's required affinity names by `metadata.name` (as the
 * DaemonSet controller pins its pods), or undefined when any node may do:
 * the NodeAffinity plugin's PreFilter, which leaves the other nodes out.
 */
export function requiredNodeNames(
  spec: PodSpec | undefined,
): Set<string> | undefined {
  const terms =
    spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  if (!terms.length) return undefined;
  const names = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const field of term.matchFields ?? []) {
      if (field.key !== 'metadata.name' || field.operator !== 'In') continue;
      const values = new Set(field.values ?? []);
      termNames = termNames
        ? new Set([...termNames].filter(name => values.has(name)))
        : values;
    }
    // A term without a name requirement lets every node in: terms are ORed.
    if (!termNames) return undefined;
    termNames.forEach(name => names.add(name));
  }
  return names;
}

/** The summed weights of the preferred node affinity terms the node matches. */
export function preferredAffinityWeight(
  spec: PodSpec | undefined,
  node: NodeIdentity,
): number {
  return (
    spec?.affinity?.nodeAffinity
      ?.preferredDuringSchedulingIgnoredDuringExecution ?? []
  ).reduce(
    (sum, { weight, preference }) =>
      sum +
      (termMatches(preference as NodeSelectorTerm, node) ? weight ?? 0 : 0),
    0,
  );
}

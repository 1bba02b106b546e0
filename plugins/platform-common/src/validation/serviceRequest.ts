import { formatQuantity, parseQuantity, type Quantity } from '../quantity';
import type { PlatformConfig, TeamCaps } from '../config/types';
import { findEnvironment, namespaceFor } from '../config/namespaces';
import { MAX_NAMESPACE_LENGTH } from '../conventions';
import { validateKnownEnvironment } from './knownEnvironment';
import { validateServiceName } from './serviceName';
import type { Violation } from './violations';

/** What a template form or an action asks for. */
export interface ServiceRequest {
  /** The service name. */
  name: string;
  /** The owning group's entity ref, e.g. `group:default/payments-team`. */
  owner?: string;
  /** Environment names the service gets a namespace in. */
  environments: string[];
  /** The tier of every one of those namespaces. */
  tier: string;
  /**
   * Whether preview environments (`preview-<suffix>`, with `platform.previews`)
   * count as known: for the actions that provision them, not for a new service.
   */
  allowPreviews?: boolean;
}

/**
 * What a team holds already, over the namespaces the portal manages for it,
 * not counting those of the service asked for (so a re-run is not refused).
 */
export interface TeamUsage {
  /** How many namespaces it owns. */
  namespaces: number;
  /** Sum of their quotas' `requests.cpu`. */
  cpu?: string;
  /** Sum of their quotas' `requests.memory`. */
  memory?: string;
}

/** The caps of a team: its own entry in `platform.teamLimits`, else the default. */
export function teamCapsFor(platform: PlatformConfig, owner: string): TeamCaps {
  return (
    platform.teamLimits.teams[owner.toLowerCase()] ??
    platform.teamLimits.default
  );
}

function times(quantity: Quantity, count: number): Quantity {
  return { ...quantity, milli: quantity.milli * count };
}

function checkCap(
  resource: 'cpu' | 'memory',
  cap: string | undefined,
  used: string | undefined,
  each: string,
  count: number,
  owner: string,
): Violation[] {
  const limit = parseQuantity(cap);
  const add = parseQuantity(each);
  if (!limit || !add || count === 0) {
    return [];
  }
  const held = parseQuantity(used ?? '0') ?? { milli: 0, format: add.format };
  const total = held.milli + add.milli * count;
  if (total <= limit.milli) {
    return [];
  }
  return [
    {
      field: 'owner',
      rule: 'team-cap',
      message: `${owner} may request at most ${cap} of ${resource} over all its namespaces; it holds ${formatQuantity(
        { ...held, format: add.format },
      )} and this asks for ${formatQuantity(times(add, count))} more`,
    },
  ];
}

/**
 * Checks a request for a service's namespaces against every rule at once:
 * the name, environments known, the tier allowed in each of them, and (with
 * `usage`) the owning team's caps.
 */
export function validateServiceRequest(
  request: ServiceRequest,
  platform: PlatformConfig,
  usage?: TeamUsage,
): Violation[] {
  const violations = validateServiceName(request.name, platform);
  const known = new Map(platform.environments.map(e => [e.name, e]));

  if (request.environments.length === 0) {
    violations.push({
      field: 'environments',
      rule: 'required',
      message: `must name at least one of ${[...known.keys()].join(', ')}`,
    });
  }
  const seen = new Set<string>();
  request.environments.forEach((name, index) => {
    const field = `environments[${index}]`;
    if (seen.has(name)) {
      violations.push({
        field,
        rule: 'unique',
        message: `repeats environment '${name}'`,
      });
    }
    seen.add(name);
    const unknown = validateKnownEnvironment(platform, field, name, {
      allowPreviews: request.allowPreviews,
    });
    const environment = findEnvironment(platform, name);
    if (unknown) {
      violations.push(unknown);
    } else if (environment?.preview) {
      const namespace = namespaceFor(environment, request.name);
      if (namespace.length > MAX_NAMESPACE_LENGTH) {
        violations.push({
          field,
          rule: 'max-length',
          message: `gives the namespace '${namespace}' of ${namespace.length} characters, more than ${MAX_NAMESPACE_LENGTH}: use a shorter suffix`,
        });
      }
    }
  });

  const tier = platform.tiers.find(t => t.name === request.tier);
  if (!tier) {
    violations.push({
      field: 'tier',
      rule: 'known-tier',
      message: `'${request.tier}' is not a tier of this portal (${platform.tiers
        .map(t => t.name)
        .join(', ')})`,
    });
  } else {
    for (const name of seen) {
      const environment = request.allowPreviews
        ? findEnvironment(platform, name)
        : known.get(name);
      if (environment && !environment.tiers.includes(tier.name)) {
        violations.push({
          field: 'tier',
          rule: 'tier-allowed',
          message: `'${
            tier.name
          }' is not allowed in ${name}, which allows ${environment.tiers.join(
            ', ',
          )}`,
        });
      }
    }
  }

  if (request.owner && usage) {
    const caps = teamCapsFor(platform, request.owner);
    const added = seen.size;
    if (
      caps.namespaces !== undefined &&
      usage.namespaces + added > caps.namespaces
    ) {
      violations.push({
        field: 'owner',
        rule: 'team-cap',
        message: `${request.owner} may own at most ${caps.namespaces} namespaces; it owns ${usage.namespaces} and this asks for ${added} more`,
      });
    }
    if (tier) {
      violations.push(
        ...checkCap(
          'cpu',
          caps.cpu,
          usage.cpu,
          tier.quota.requests.cpu,
          added,
          request.owner,
        ),
        ...checkCap(
          'memory',
          caps.memory,
          usage.memory,
          tier.quota.requests.memory,
          added,
          request.owner,
        ),
      );
    }
  }
  return violations;
}

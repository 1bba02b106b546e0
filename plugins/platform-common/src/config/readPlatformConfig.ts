import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isDnsLabel, MAX_NAMESPACE_LENGTH } from '../conventions';
import { parseQuantity } from '../quantity';
import { DEFAULT_NAMESPACE_PATTERN, namespaceFor } from './namespaces';
import type {
  CpuMemory,
  PlatformConfig,
  PlatformEnvironment,
  PlatformPreviews,
  PlatformTier,
  PodSecurityLevel,
  TeamCaps,
  TeamLimits,
  TierGpu,
  Toleration,
} from './types';

const POD_SECURITY_LEVELS: PodSecurityLevel[] = [
  'restricted',
  'baseline',
  'privileged',
];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const DEFAULT_GPU_RESOURCE = 'nvidia.com/gpu';

/** Collects every problem of the config, each naming its key. */
class Problems {
  readonly list: string[] = [];

  add(key: string, message: string) {
    this.list.push(`${key} ${message}`);
  }

  quantity(config: Config, key: string, prefix: string): string {
    const value = readQuantityString(config, key);
    if (parseQuantity(value) === undefined) {
      this.add(
        `${prefix}.${key}`,
        `must be a Kubernetes quantity such as 500m, 2 or 1Gi, got '${value}'`,
      );
    }
    return value;
  }

  count(config: Config, key: string, prefix: string, min = 0): number {
    const value = config.getNumber(key);
    if (!Number.isInteger(value) || value < min) {
      this.add(
        `${prefix}.${key}`,
        `must be a whole number of at least ${min}, got ${value}`,
      );
    }
    return value;
  }
}

/** Quantities may be written as numbers in YAML (`cpu: 2`). */
function readQuantityString(config: Config, key: string): string {
  const value = config.get(key);
  return typeof value === 'number' ? String(value) : config.getString(key);
}

/**
 * The names of the clusters that `kubernetes.clusterLocatorMethods` declares,
 * or undefined when a locator finds clusters only at run time (catalog,
 * cloud providers), so names cannot be checked at startup.
 */
export function configuredClusterNames(config: Config): string[] | undefined {
  const names: string[] = [];
  const locators =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const locator of locators) {
    const type = locator.getString('type');
    if (type === 'config') {
      for (const cluster of locator.getOptionalConfigArray('clusters') ?? []) {
        names.push(cluster.getString('name'));
      }
    } else if (type === 'localKubectlProxy') {
      // The upstream locator names its one cluster `local`.
      names.push('local');
    } else {
      return undefined;
    }
  }
  return names;
}

function readCpuMemory(
  config: Config,
  key: string,
  prefix: string,
  problems: Problems,
): CpuMemory {
  const section = config.getConfig(key);
  return {
    cpu: problems.quantity(section, 'cpu', `${prefix}.${key}`),
    memory: problems.quantity(section, 'memory', `${prefix}.${key}`),
  };
}

function exceeds(a: string, b: string): boolean {
  const left = parseQuantity(a);
  const right = parseQuantity(b);
  return Boolean(left && right && left.milli > right.milli);
}

function readToleration(
  config: Config,
  prefix: string,
  problems: Problems,
): Toleration {
  const operator = config.getOptionalString('operator') ?? 'Exists';
  const effect = config.getOptionalString('effect');
  const value = config.getOptionalString('value');
  if (operator !== 'Exists' && operator !== 'Equal') {
    problems.add(
      `${prefix}.operator`,
      `must be Exists or Equal, got '${operator}'`,
    );
  }
  if (operator === 'Exists' && value !== undefined) {
    problems.add(
      `${prefix}.value`,
      'must be empty when the operator is Exists',
    );
  }
  if (effect !== undefined && !TAINT_EFFECTS.includes(effect)) {
    problems.add(
      `${prefix}.effect`,
      `must be one of ${TAINT_EFFECTS.join(', ')}, got '${effect}'`,
    );
  }
  return {
    key: config.getString('key'),
    operator: operator as Toleration['operator'],
    ...(value !== undefined && { value }),
    ...(effect !== undefined && { effect: effect as Toleration['effect'] }),
  };
}

function readGpu(config: Config, prefix: string, problems: Problems): TierGpu {
  const perContainer = problems.count(config, 'perContainer', prefix, 1);
  const quota = problems.count(config, 'quota', prefix, 1);
  if (quota < perContainer) {
    problems.add(
      `${prefix}.quota`,
      `must be at least perContainer (${perContainer}), got ${quota}`,
    );
  }
  const nodeSelector: Record<string, string> = {};
  for (const label of config.getOptionalConfigArray('nodeSelector') ?? []) {
    nodeSelector[label.getString('key')] = label.getString('value');
  }
  return {
    resource: config.getOptionalString('resource') ?? DEFAULT_GPU_RESOURCE,
    perContainer,
    quota,
    nodeSelector,
    tolerations: (config.getOptionalConfigArray('tolerations') ?? []).map(
      (toleration, index) =>
        readToleration(toleration, `${prefix}.tolerations[${index}]`, problems),
    ),
  };
}

function readTier(
  config: Config,
  prefix: string,
  problems: Problems,
): PlatformTier {
  const name = config.getString('name');
  if (!isDnsLabel(name)) {
    problems.add(
      `${prefix}.name`,
      `must be a DNS-1123 label (lowercase letters, digits and '-'), got '${name}'`,
    );
  }
  const quotaConfig = config.getConfig('quota');
  const quotaPrefix = `${prefix}.quota`;
  const storage = quotaConfig.has('storage')
    ? problems.quantity(quotaConfig, 'storage', quotaPrefix)
    : undefined;
  const quota = {
    requests: readCpuMemory(quotaConfig, 'requests', quotaPrefix, problems),
    limits: readCpuMemory(quotaConfig, 'limits', quotaPrefix, problems),
    pods: problems.count(quotaConfig, 'pods', quotaPrefix, 1),
    services: problems.count(quotaConfig, 'services', quotaPrefix),
    persistentVolumeClaims: problems.count(
      quotaConfig,
      'persistentVolumeClaims',
      quotaPrefix,
    ),
    ...(storage !== undefined && { storage }),
  };
  const limitsConfig = config.getConfig('limits');
  const limitsPrefix = `${prefix}.limits`;
  const limits = {
    defaultRequest: readCpuMemory(
      limitsConfig,
      'defaultRequest',
      limitsPrefix,
      problems,
    ),
    default: readCpuMemory(limitsConfig, 'default', limitsPrefix, problems),
    ...(limitsConfig.has('max') && {
      max: readCpuMemory(limitsConfig, 'max', limitsPrefix, problems),
    }),
  };
  for (const resource of ['cpu', 'memory'] as const) {
    // The API server refuses a LimitRange whose default request exceeds its default limit.
    if (exceeds(limits.defaultRequest[resource], limits.default[resource])) {
      problems.add(
        `${limitsPrefix}.defaultRequest.${resource}`,
        `must not exceed limits.default.${resource} (${limits.default[resource]})`,
      );
    }
    if (limits.max && exceeds(limits.default[resource], limits.max[resource])) {
      problems.add(
        `${limitsPrefix}.default.${resource}`,
        `must not exceed limits.max.${resource} (${limits.max[resource]})`,
      );
    }
    if (exceeds(limits.default[resource], quota.limits[resource])) {
      problems.add(
        `${limitsPrefix}.default.${resource}`,
        `must fit in quota.limits.${resource} (${quota.limits[resource]}), or no pod could start`,
      );
    }
    if (exceeds(quota.requests[resource], quota.limits[resource])) {
      problems.add(
        `${quotaPrefix}.requests.${resource}`,
        `must not exceed quota.limits.${resource} (${quota.limits[resource]})`,
      );
    }
  }
  const podSecurity = config.getOptionalString('podSecurity') ?? 'restricted';
  if (!POD_SECURITY_LEVELS.includes(podSecurity as PodSecurityLevel)) {
    problems.add(
      `${prefix}.podSecurity`,
      `must be one of ${POD_SECURITY_LEVELS.join(', ')}, got '${podSecurity}'`,
    );
  }
  const description = config.getOptionalString('description');
  return {
    name,
    title: config.getOptionalString('title') ?? name,
    ...(description !== undefined && { description }),
    quota,
    limits,
    ...(config.has('gpu') && {
      gpu: readGpu(config.getConfig('gpu'), `${prefix}.gpu`, problems),
    }),
    podSecurity: podSecurity as PodSecurityLevel,
  };
}

function readEnvironment(
  config: Config,
  prefix: string,
  tiers: Set<string>,
  clusters: string[] | undefined,
  problems: Problems,
): PlatformEnvironment {
  const name = config.getString('name');
  if (!isDnsLabel(name)) {
    problems.add(
      `${prefix}.name`,
      `must be a DNS-1123 label (lowercase letters, digits and '-'), got '${name}'`,
    );
  }
  const cluster = config.getString('cluster');
  if (clusters && !clusters.includes(cluster)) {
    problems.add(
      `${prefix}.cluster`,
      `of environment '${name}' names cluster '${cluster}', which kubernetes.clusterLocatorMethods does not declare (${
        clusters.length ? `declared: ${clusters.join(', ')}` : 'none declared'
      })`,
    );
  }
  const namespace =
    config.getOptionalString('namespace') ?? DEFAULT_NAMESPACE_PATTERN;
  const unknownPlaceholder = /\{(?!service\}|environment\})[^}]*\}/.exec(
    namespace,
  );
  if (!namespace.includes('{service}')) {
    problems.add(
      `${prefix}.namespace`,
      `must contain {service}, so each service gets a namespace of its own, got '${namespace}'`,
    );
  } else if (unknownPlaceholder) {
    problems.add(
      `${prefix}.namespace`,
      `may only use {service} and {environment}, got ${unknownPlaceholder[0]}`,
    );
  } else {
    const shortest = namespaceFor({ name, namespace }, 'a');
    if (!isDnsLabel(shortest) || shortest.length > MAX_NAMESPACE_LENGTH) {
      problems.add(
        `${prefix}.namespace`,
        `must give DNS-1123 labels of at most ${MAX_NAMESPACE_LENGTH} characters, but gives '${shortest}' for a service named 'a'`,
      );
    }
  }
  const allowed = config.getStringArray('tiers');
  if (allowed.length === 0) {
    problems.add(`${prefix}.tiers`, `must name at least one tier`);
  }
  for (const [index, tier] of allowed.entries()) {
    if (!tiers.has(tier)) {
      problems.add(
        `${prefix}.tiers[${index}]`,
        `names tier '${tier}', which platform.tiers does not define`,
      );
    }
  }
  return {
    name,
    title: config.getOptionalString('title') ?? name,
    cluster,
    namespace,
    tiers: allowed,
    approval: config.getOptionalBoolean('approval') ?? false,
  };
}

function readCaps(config: Config, prefix: string, problems: Problems) {
  const caps: TeamCaps = {
    namespaces: problems.count(config, 'namespaces', prefix),
  };
  if (config.has('cpu')) caps.cpu = problems.quantity(config, 'cpu', prefix);
  if (config.has('memory'))
    caps.memory = problems.quantity(config, 'memory', prefix);
  return caps;
}

function readTeamLimits(
  config: Config | undefined,
  problems: Problems,
): TeamLimits {
  const prefix = 'platform.teamLimits';
  if (!config) {
    return { default: {}, teams: {} };
  }
  const teams: Record<string, TeamCaps> = {};
  (config.getOptionalConfigArray('teams') ?? []).forEach((team, index) => {
    const key = `${prefix}.teams[${index}]`;
    const group = team.getString('group');
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(group, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      problems.add(
        `${key}.group`,
        `must be a group entity ref, got '${group}'`,
      );
      return;
    }
    if (!ref.startsWith('group:')) {
      problems.add(
        `${key}.group`,
        `must be a group entity ref, got '${group}'`,
      );
    } else if (teams[ref]) {
      problems.add(`${key}.group`, `repeats the caps of ${ref}`);
    }
    teams[ref] = readCaps(team, key, problems);
  });
  return {
    default: readCaps(
      config.getConfig('default'),
      `${prefix}.default`,
      problems,
    ),
    teams,
  };
}

function readPreviews(
  config: Config,
  tiers: PlatformTier[],
  clusters: string[] | undefined,
  problems: Problems,
): PlatformPreviews {
  const prefix = 'platform.previews';
  const cluster = config.getString('cluster');
  if (clusters && !clusters.includes(cluster)) {
    problems.add(
      `${prefix}.cluster`,
      `names cluster '${cluster}', which kubernetes.clusterLocatorMethods does not declare (${
        clusters.length ? `declared: ${clusters.join(', ')}` : 'none declared'
      })`,
    );
  }
  const tier = config.getString('tier');
  if (!tiers.some(t => t.name === tier)) {
    problems.add(
      `${prefix}.tier`,
      `names tier '${tier}', which platform.tiers does not define`,
    );
  }
  const maxTtlHours = problems.count(config, 'maxTtlHours', prefix, 1);
  const defaultTtlHours = config.has('defaultTtlHours')
    ? problems.count(config, 'defaultTtlHours', prefix, 1)
    : Math.min(24, maxTtlHours);
  if (defaultTtlHours > maxTtlHours) {
    problems.add(
      `${prefix}.defaultTtlHours`,
      `must not exceed maxTtlHours (${maxTtlHours}), got ${defaultTtlHours}`,
    );
  }
  const reapIntervalMinutes = config.has('reapIntervalMinutes')
    ? problems.count(config, 'reapIntervalMinutes', prefix, 1)
    : 5;
  return { cluster, tier, defaultTtlHours, maxTtlHours, reapIntervalMinutes };
}

/** Thrown when the `platform` config breaks a rule; the message names every key at fault. */
export class PlatformConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid platform config: ${problems.join('; ')}`);
    this.name = 'PlatformConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the `platform` section: environments (with the cluster of each,
 * checked against `kubernetes.clusterLocatorMethods`), tiers and team caps.
 * Every consumer reads it through here, so the rules hold everywhere.
 *
 * @throws PlatformConfigError naming every key at fault
 */
export function readPlatformConfig(config: Config): PlatformConfig {
  const problems = new Problems();
  const platform = config.getOptionalConfig('platform');

  const tiers: PlatformTier[] = [];
  const tierNames = new Set<string>();
  (platform?.getOptionalConfigArray('tiers') ?? []).forEach((tier, index) => {
    const key = `platform.tiers[${index}]`;
    const read = readTier(tier, key, problems);
    if (tierNames.has(read.name)) {
      problems.add(`${key}.name`, `repeats tier '${read.name}'`);
    }
    tierNames.add(read.name);
    tiers.push(read);
  });

  const clusters = configuredClusterNames(config);
  const environments: PlatformEnvironment[] = [];
  (platform?.getOptionalConfigArray('environments') ?? []).forEach(
    (environment, index) => {
      const key = `platform.environments[${index}]`;
      const read = readEnvironment(
        environment,
        key,
        tierNames,
        clusters,
        problems,
      );
      if (environments.some(e => e.name === read.name)) {
        problems.add(`${key}.name`, `repeats environment '${read.name}'`);
      }
      environments.push(read);
    },
  );

  tiers.forEach((tier, index) => {
    if (
      environments.length > 0 &&
      !environments.some(environment => environment.tiers.includes(tier.name))
    ) {
      problems.add(
        `platform.tiers[${index}]`,
        `defines tier '${tier.name}', which no environment of platform.environments allows`,
      );
    }
  });

  const teamLimits = readTeamLimits(
    platform?.getOptionalConfig('teamLimits'),
    problems,
  );
  const previewsConfig = platform?.getOptionalConfig('previews');
  const previews =
    previewsConfig && readPreviews(previewsConfig, tiers, clusters, problems);
  if (problems.list.length > 0) {
    throw new PlatformConfigError(problems.list);
  }
  return { environments, tiers, teamLimits, ...(previews && { previews }) };
}

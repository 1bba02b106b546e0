import type {
  PlatformConfigResponse,
  PlatformEnvironment,
  PlatformTier,
  ServiceEnvironments,
} from '@internal/plugin-platform-common';
import type { PlatformDeploymentValue } from './schema';

/** Whether a value names environments and a tier (it may still break rules). */
export function isComplete(
  value: Partial<PlatformDeploymentValue> | undefined,
): value is PlatformDeploymentValue {
  return (
    !!value &&
    Array.isArray(value.environments) &&
    typeof value.tier === 'string'
  );
}

/** The environments among `chosen` that do not allow `tier`. */
export function environmentsRefusing(
  tier: PlatformTier,
  chosen: PlatformEnvironment[],
): PlatformEnvironment[] {
  return chosen.filter(environment => !environment.tiers.includes(tier.name));
}

/** The tiers every one of the chosen environments allows, in the given order. */
export function tiersAllowed(
  tiers: PlatformTier[],
  chosen: PlatformEnvironment[],
): PlatformTier[] {
  return tiers.filter(tier => environmentsRefusing(tier, chosen).length === 0);
}

/**
 * The value after the chosen environments changed: a tier that some of them
 * does not allow is cleared (the field no longer shows it, so it cannot stay
 * chosen out of sight), and `cleared` says which tier went and where it is
 * refused.
 */
export function withEnvironments(
  config: PlatformConfigResponse,
  value: PlatformDeploymentValue,
  environments: string[],
): {
  value: PlatformDeploymentValue;
  cleared?: { tier: PlatformTier; refusing: PlatformEnvironment[] };
} {
  const tier = config.tiers.find(t => t.name === value.tier);
  const refusing = tier
    ? environmentsRefusing(tier, chosenEnvironments(config, environments))
    : [];
  if (!tier || refusing.length === 0) {
    return { value: { ...value, environments } };
  }
  return { value: { environments, tier: '' }, cleared: { tier, refusing } };
}

/**
 * The config as the field offers it: only the tiers named by the `tiers`
 * option (in the config's order), or every tier without it.
 */
export function offeredConfig(
  config: PlatformConfigResponse,
  tiers: string[] | undefined,
): PlatformConfigResponse {
  if (!tiers) {
    return config;
  }
  return { ...config, tiers: config.tiers.filter(t => tiers.includes(t.name)) };
}

/** The chosen environments that the config knows, in promotion order. */
export function chosenEnvironments(
  config: PlatformConfigResponse,
  names: string[],
): PlatformEnvironment[] {
  return config.environments.filter(environment =>
    names.includes(environment.name),
  );
}

/**
 * The value the field starts with: what the form holds (the schema's default
 * lands there), else the `ui:options` defaults, else the first environment and
 * the first tier it allows. Defaults that name nothing configured, and
 * environments the service has already (`present`), are dropped, as the
 * field could not offer them.
 */
export function initialValue(
  config: PlatformConfigResponse,
  formData: Partial<PlatformDeploymentValue> | undefined,
  defaults: { defaultEnvironments?: string[]; defaultTier?: string },
  present: ReadonlySet<string> = new Set(),
): PlatformDeploymentValue {
  const offered = config.environments.filter(e => !present.has(e.name));
  const environments =
    formData?.environments ??
    (defaults.defaultEnvironments
      ? chosenEnvironments(config, defaults.defaultEnvironments)
          .filter(environment => !present.has(environment.name))
          .map(environment => environment.name)
      : offered.slice(0, 1).map(environment => environment.name));
  const chosen = chosenEnvironments(config, environments);
  const fallbackTier = config.tiers.find(
    tier => environmentsRefusing(tier, chosen).length === 0,
  );
  const tier =
    formData?.tier ??
    config.tiers.find(t => t.name === defaults.defaultTier)?.name ??
    fallbackTier?.name ??
    '';
  return { environments, tier };
}

/** Toggles an environment, keeping the list in promotion order. */
export function toggleEnvironment(
  config: PlatformConfigResponse,
  environments: string[],
  name: string,
  checked: boolean,
): string[] {
  const next = new Set(environments);
  if (checked) {
    next.add(name);
  } else {
    next.delete(name);
  }
  const known = config.environments
    .map(environment => environment.name)
    .filter(environment => next.has(environment));
  // Names the config does not know stay, so validation can point at them.
  const unknown = environments.filter(
    environment => next.has(environment) && !known.includes(environment),
  );
  return [...known, ...unknown];
}

/**
 * The names of the environments where the service has its namespace
 * already, from the platform backend's answer; none before it arrives.
 */
export function presentEnvironments(
  existing: ServiceEnvironments | undefined,
): Set<string> {
  return new Set(
    (existing?.environments ?? [])
      .filter(environment => environment.present)
      .map(environment => environment.name),
  );
}

import {
  validateServiceName,
  type PlatformConfigResponse,
  type Violation,
} from '@internal/plugin-platform-common';

/**
 * The naming rules a name breaks, by platform-common's `validateServiceName`,
 * as the server checks them. Without the config yet, only the rules of the
 * name itself (DNS label, reserved); with it, also the length that keeps every
 * environment's namespace within 63 characters.
 */
export function nameViolations(
  name: string,
  config: PlatformConfigResponse | undefined,
): Violation[] {
  return validateServiceName(name, {
    environments: config?.environments ?? [],
    tiers: config?.tiers ?? [],
    teamLimits: { default: {}, teams: {} },
  });
}

import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import {
  formatViolations,
  validateServiceRequest,
  type PlatformApi,
  type PlatformConfigResponse,
  type ServiceEnvironments,
  type Violation,
} from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api/platformApiRef';
import { chosenEntity } from '../chosenEntity';
import { errorMessage } from './errorMessage';
import type {
  PlatformDeploymentUiOptions,
  PlatformDeploymentValue,
} from './schema';

function isDeploymentField(violation: Violation): boolean {
  return (
    violation.field === 'tier' ||
    violation.field === 'environments' ||
    violation.field.startsWith('environments[')
  );
}

/**
 * The server's rules for environments and tier, through platform-common's
 * `validateServiceRequest`. The name is the name field's business and team
 * caps need the owner's usage, so only environment and tier violations are kept.
 */
export function deploymentViolations(
  value: Partial<PlatformDeploymentValue> | undefined,
  config: PlatformConfigResponse,
  offered?: string[],
): Violation[] {
  const tier = value?.tier ?? '';
  // As platform:service:plan refuses it with the template's allowedTiers.
  const notOffered: Violation[] =
    offered && tier && !offered.includes(tier)
      ? [
          {
            field: 'tier',
            rule: 'allowed-by-template',
            message: `'${tier}' is not offered by this template, which allows ${offered.join(
              ', ',
            )}`,
          },
        ]
      : [];
  const violations = validateServiceRequest(
    { name: '', environments: value?.environments ?? [], tier },
    {
      environments: config.environments,
      tiers: config.tiers,
      teamLimits: { default: {}, teams: {} },
    },
  ).filter(isDeploymentField);
  if (tier) {
    return [...violations, ...notOffered];
  }
  // Nothing chosen yet: say so, rather than "'' is not a tier".
  return [
    ...violations.filter(violation => violation.field !== 'tier'),
    {
      field: 'tier',
      rule: 'required',
      message: `must name one of ${(offered
        ? config.tiers.filter(t => offered.includes(t.name))
        : config.tiers
      )
        .map(t => t.name)
        .join(', ')}`,
    },
  ];
}

/**
 * The chosen environments the service has already, as
 * platform:service:environment:plan refuses them (rule `new-environment`).
 */
export function existingViolations(
  value: Partial<PlatformDeploymentValue> | undefined,
  existing: ServiceEnvironments,
): Violation[] {
  return (value?.environments ?? []).flatMap((name, index) => {
    const found = existing.environments.find(
      environment => environment.name === name && environment.present,
    );
    return found
      ? [
          {
            field: `environments[${index}]`,
            rule: 'new-environment',
            message: `${existing.entityRef} has ${found.namespace} on ${found.cluster} already: ${name} is not new to it`,
          },
        ]
      : [];
  });
}

/**
 * What the service of the form's `entityField` has already; undefined when
 * there is no such option or no entity chosen, or when it cannot be read: the
 * plan step checks again when the task runs, so that alone does not block.
 */
async function existingEnvironments(
  api: PlatformApi,
  formData: unknown,
  entityField: string | undefined,
): Promise<ServiceEnvironments | undefined> {
  const entity = entityField ? chosenEntity(formData, entityField) : undefined;
  if (!entity) return undefined;
  try {
    return await api.getServiceEnvironments(entity.ref);
  } catch {
    return undefined;
  }
}

/** The field's validation: runs when the form moves on, with the config the server uses. */
export const validatePlatformDeployment: CustomFieldValidator<
  PlatformDeploymentValue,
  PlatformDeploymentUiOptions
> = async (value, validation, { apiHolder, formData, uiSchema }) => {
  const api = apiHolder.get(platformApiRef);
  if (!api) {
    validation.addError(
      `cannot be checked: this app provides no ${platformApiRef.id} API`,
    );
    return;
  }
  let config: PlatformConfigResponse;
  try {
    config = await api.getConfig();
  } catch (error) {
    validation.addError(
      `cannot be checked: loading the platform config (GET /api/platform/config) failed: ${errorMessage(
        error as Error,
      )}`,
    );
    return;
  }
  if (config.environments.length === 0) {
    validation.addError(
      'cannot be chosen: this portal has no environments (platform.environments in its app-config)',
    );
    return;
  }
  const options = uiSchema?.['ui:options'];
  const existing = await existingEnvironments(
    api,
    formData,
    options?.entityField,
  );
  for (const violation of [
    ...deploymentViolations(value, config, options?.tiers),
    ...(existing ? existingViolations(value, existing) : []),
  ]) {
    validation.addError(formatViolations([violation]));
  }
};

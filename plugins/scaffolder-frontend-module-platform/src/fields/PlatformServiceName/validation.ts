import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import type {
  NameAvailability,
  PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import { platformApiRef } from '../../api/platformApiRef';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { describeAvailability } from './describeAvailability';
import { nameViolations } from './nameViolations';
import type { PlatformServiceNameUiOptions } from './schema';

/**
 * The field's validation, when the form moves on from its step: the naming
 * rules, then the availability, so a taken name is refused before submit.
 * A part that could not be checked also stops the form, as creating the
 * service needs that GitHub or cluster anyway. An empty name is left to
 * the schema's `required`.
 */
export const validatePlatformServiceName: CustomFieldValidator<
  string,
  PlatformServiceNameUiOptions
> = async (value, validation, { apiHolder, uiSchema }) => {
  if (!value) return;
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
  const violations = nameViolations(value, config);
  if (violations.length > 0) {
    violations.forEach(violation => validation.addError(violation.message));
    return;
  }
  const options = uiSchema?.['ui:options'];
  let availability: NameAvailability;
  try {
    availability = await api.getNameAvailability(value, {
      owner: options?.repositoryOwner,
      host: options?.repositoryHost,
    });
  } catch (error) {
    validation.addError(
      `cannot be checked: asking whether '${value}' is free failed: ${errorMessage(
        error as Error,
      )}`,
    );
    return;
  }
  for (const line of describeAvailability(availability)) {
    if (line.state !== 'free') validation.addError(line.text);
  }
};

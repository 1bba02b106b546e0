import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { errorMessage } from '../PlatformDeployment/errorMessage';
import { chosenEntity } from '../chosenEntity';
import { confirmationProblem } from './confirmation';
import type { PlatformConfirmNameUiOptions } from './schema';

/**
 * The field's validation, when the form moves on: the typed text must be
 * the chosen service's name, and the user must be allowed to delete the
 * entity (the portal's policy: its owner group or an admin group), so the
 * form stops here rather than the task after submit. The plan step checks
 * both again on the server.
 */
export const validatePlatformConfirmName: CustomFieldValidator<
  string,
  PlatformConfirmNameUiOptions
> = async (value, validation, { apiHolder, formData, uiSchema }) => {
  const entity = chosenEntity(formData, uiSchema?.['ui:options']?.entityField);
  const problem = confirmationProblem(value, entity);
  if (problem) {
    validation.addError(problem);
    return;
  }
  const permissionApi = apiHolder.get(permissionApiRef);
  if (!permissionApi) return;
  try {
    const { result } = await permissionApi.authorize({
      permission: catalogEntityDeletePermission,
      resourceRef: entity!.ref,
    });
    if (result !== 'ALLOW') {
      validation.addError(
        `you may not decommission ${
          entity!.ref
        }: only members of its owner group and of the portal's admin groups may`,
      );
    }
  } catch (error) {
    validation.addError(
      `cannot be checked: asking whether you may delete ${
        entity!.ref
      } failed: ${errorMessage(error as Error)}`,
    );
  }
};

import type { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { platformApiRef } from '../../api/platformApiRef';
import { chosenEntity } from '../chosenEntity';
import { previewProblem } from './previews';
import type { PlatformPreviewUiOptions } from './schema';

/**
 * The field's validation, when the form moves on: the value must be a
 * preview of the chosen service that can still be extended. When the
 * previews cannot be read it lets the value through: the plan step checks
 * again when the task runs.
 */
export const validatePlatformPreview: CustomFieldValidator<
  string,
  PlatformPreviewUiOptions
> = async (value, validation, { apiHolder, formData, uiSchema }) => {
  const entity = chosenEntity(formData, uiSchema?.['ui:options']?.entityField);
  const api = apiHolder.get(platformApiRef);
  if (!value || !entity || !api) return;
  let existing;
  try {
    existing = await api.getServiceEnvironments(entity.ref);
  } catch {
    return;
  }
  if (existing.previewsError) return;
  const problem = previewProblem(value, existing, Date.now());
  if (problem) validation.addError(problem);
};

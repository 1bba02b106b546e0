import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** The field's value and `ui:options`, also shown by the template editor's field explorer. */
export const PlatformConfirmNameFieldSchema = makeFieldSchema({
  output: z =>
    z
      .string()
      .describe(
        "The service's name, typed to confirm; valid only when it equals the chosen entity's name",
      ),
  uiOptions: z =>
    z.object({
      entityField: z
        .string()
        .optional()
        .describe(
          'The form field holding the ref of the entity to confirm (an EntityPicker); entity by default',
        ),
    }),
});

export type PlatformConfirmNameFieldProps =
  typeof PlatformConfirmNameFieldSchema.TProps;

export type PlatformConfirmNameUiOptions = NonNullable<
  PlatformConfirmNameFieldProps['uiSchema']['ui:options']
>;

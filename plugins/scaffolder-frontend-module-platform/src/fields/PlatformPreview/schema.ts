import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** The field's value and `ui:options`, also shown by the template editor's field explorer. */
export const PlatformPreviewFieldSchema = makeFieldSchema({
  output: z =>
    z
      .string()
      .describe(
        "The name (suffix) of one of the chosen service's previews, e.g. pr-42",
      ),
  uiOptions: z =>
    z.object({
      entityField: z
        .string()
        .optional()
        .describe(
          'The form field holding the ref of the service (an EntityPicker); entity by default',
        ),
    }),
});

export type PlatformPreviewFieldProps =
  typeof PlatformPreviewFieldSchema.TProps;

export type PlatformPreviewUiOptions = NonNullable<
  PlatformPreviewFieldProps['uiSchema']['ui:options']
>;

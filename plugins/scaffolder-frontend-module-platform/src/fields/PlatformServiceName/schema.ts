import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** The field's value and `ui:options`, also shown by the template editor's field explorer. */
export const PlatformServiceNameFieldSchema = makeFieldSchema({
  output: z =>
    z
      .string()
      .describe(
        "The new service's name: its repository, catalog entity and namespaces",
      ),
  uiOptions: z =>
    z.object({
      repositoryOwner: z
        .string()
        .optional()
        .describe(
          'The GitHub organisation the repository is checked in; else the first of platform.github.organizations',
        ),
      repositoryHost: z
        .string()
        .optional()
        .describe(
          'The GitHub host the repository is checked on; else the first host of integrations.github',
        ),
    }),
});

export type PlatformServiceNameFieldProps =
  typeof PlatformServiceNameFieldSchema.TProps;

export type PlatformServiceNameUiOptions = NonNullable<
  PlatformServiceNameFieldProps['uiSchema']['ui:options']
>;

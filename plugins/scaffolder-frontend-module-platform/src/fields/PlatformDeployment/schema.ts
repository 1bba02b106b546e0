import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/** The field's value and `ui:options`, also shown by the template editor's field explorer. */
export const PlatformDeploymentFieldSchema = makeFieldSchema({
  output: z =>
    z.object({
      environments: z
        .array(z.string())
        .describe(
          'Names of the environments the service gets a namespace in, in promotion order',
        ),
      tier: z
        .string()
        .describe('Name of the resource tier of every one of those namespaces'),
    }),
  uiOptions: z =>
    z.object({
      defaultEnvironments: z
        .array(z.string())
        .optional()
        .describe(
          'Environments chosen when the form opens; else the first environment',
        ),
      defaultTier: z
        .string()
        .optional()
        .describe(
          'Tier chosen when the form opens; else the first tier allowed in the chosen environments',
        ),
      entityField: z
        .string()
        .optional()
        .describe(
          'For an existing service: the form field holding its entity ref (an EntityPicker, e.g. entity). The environments it has a namespace in already are shown as present and cannot be chosen, as platform:service:environment:plan refuses them. Without it every environment is offered, as for a new service',
        ),
      tiers: z
        .array(z.string())
        .optional()
        .describe(
          "The only tiers offered, e.g. [gpu] for a template of model servers; else every tier. Pass the same to platform:service:plan's allowedTiers, which refuses any other",
        ),
    }),
});

/** What the field writes into the form: `{ environments: string[]; tier: string }`. */
export type PlatformDeploymentValue =
  typeof PlatformDeploymentFieldSchema.TOutput;

export type PlatformDeploymentFieldProps =
  typeof PlatformDeploymentFieldSchema.TProps;

export type PlatformDeploymentUiOptions = NonNullable<
  PlatformDeploymentFieldProps['uiSchema']['ui:options']
>;

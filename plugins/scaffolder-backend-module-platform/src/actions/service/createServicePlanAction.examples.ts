import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Checks the request of a small service in dev and production before anything is created.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:plan',
          name: 'Check the request',
          input: {
            name: 'invoice-service',
            owner: 'group:default/payments-team',
            system: 'system:default/payments',
            environments: ['dev', 'production'],
            tier: 'small',
          },
        },
      ],
    }),
  },
  {
    description:
      "Takes the namespaces and the tier's resources from the plan into the skeleton, for a template that allows only the gpu tier.",
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:plan',
          name: 'Check the request',
          input: {
            name: 'fraud-model',
            owner: 'group:default/data-team',
            environments: ['dev'],
            tier: 'gpu',
            // A template for model servers: no other tier, whatever is posted.
            allowedTiers: ['gpu'],
          },
        },
        {
          id: 'fetch',
          action: 'fetch:template',
          name: 'Render the skeleton',
          input: {
            url: './skeleton',
            values: {
              name: "${{ steps['plan'].output.name }}",
              resources: "${{ steps['plan'].output.tier.resources }}",
              environments: "${{ steps['plan'].output.environments }}",
            },
          },
        },
      ],
    }),
  },
];

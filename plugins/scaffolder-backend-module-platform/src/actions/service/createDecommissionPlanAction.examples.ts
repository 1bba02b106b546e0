import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Checks the typed confirmation and that the initiator may delete the service, before anything is removed.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:decommission:plan',
          name: 'Check the request',
          input: {
            entityRef: 'component:default/invoice-service',
            confirmation: 'invoice-service',
          },
        },
      ],
    }),
  },
  {
    description:
      "Takes the service's namespaces and repository from the plan into the steps that remove them.",
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:decommission:plan',
          name: 'Check the request',
          input: {
            entityRef: 'component:default/checkout-service',
            confirmation: 'checkout-service',
          },
        },
        {
          id: 'namespaces',
          if: "${{ steps['plan'].output.found }}",
          action: 'platform:kubernetes:namespace:delete',
          name: 'Remove the namespaces',
          input: {
            name: "${{ steps['plan'].output.name }}",
            entityRef: "${{ steps['plan'].output.entityRef }}",
            environments: "${{ steps['plan'].output.environmentNames }}",
          },
        },
      ],
    }),
  },
];

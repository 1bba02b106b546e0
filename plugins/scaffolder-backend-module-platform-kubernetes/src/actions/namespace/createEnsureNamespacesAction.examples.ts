import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Gives a small service its namespaces in dev and production, each on its environment's cluster.",
    example: yaml.stringify({
      steps: [
        {
          id: 'namespaces',
          action: 'platform:kubernetes:namespace:ensure',
          name: 'Prepare the namespaces',
          input: {
            name: 'invoice-service',
            owner: 'group:default/payments-team',
            environments: ['dev', 'production'],
            tier: 'small',
          },
        },
      ],
    }),
  },
  {
    description:
      'Gives a GPU inference service a namespace in dev, owned by another entity than component:default/<name>.',
    example: yaml.stringify({
      steps: [
        {
          id: 'namespaces',
          action: 'platform:kubernetes:namespace:ensure',
          name: 'Prepare the namespaces',
          input: {
            name: 'fraud-model',
            owner: 'group:default/data-team',
            environments: ['dev'],
            tier: 'gpu',
            entityRef: 'component:default/fraud-model',
          },
        },
      ],
    }),
  },
];

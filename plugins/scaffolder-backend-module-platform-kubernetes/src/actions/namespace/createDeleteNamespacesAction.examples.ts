import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Removes the namespaces this task created when a later step failed (a clean-up step).',
    example: yaml.stringify({
      steps: [
        {
          id: 'remove-namespaces',
          action: 'platform:kubernetes:namespace:delete',
          name: 'Remove the namespaces this run created',
          input: {
            name: 'invoice-service',
            environments: ['dev', 'production'],
            onlyThisTask: true,
          },
        },
      ],
    }),
  },
  {
    description:
      "Decommissions a service: every environment's namespace goes, if the portal created it for this service.",
    example: yaml.stringify({
      steps: [
        {
          id: 'remove-namespaces',
          action: 'platform:kubernetes:namespace:delete',
          name: 'Remove the namespaces',
          input: { name: 'invoice-service', timeoutSeconds: 300 },
        },
      ],
    }),
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Remove the location a failed task registered, and only when it registered it',
    example: yaml.stringify({
      steps: [
        {
          id: 'cleanup-register',
          name: 'Remove the catalog entry',
          if: "${{ steps['register'].output.created }}",
          action: 'platform:catalog:unregister',
          input: {
            catalogInfoUrl: "${{ steps['register'].output.catalogInfoUrl }}",
          },
        },
      ],
    }),
  },
];

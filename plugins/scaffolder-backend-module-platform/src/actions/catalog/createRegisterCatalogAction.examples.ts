import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the published repository and report a failure to the clean-up steps',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          name: 'Register in the catalog',
          action: 'platform:catalog:register',
          input: {
            repoContentsUrl:
              'https://github.com/acme/invoice-service/blob/main',
            catalogInfoPath: '/catalog-info.yaml',
            onFailure: 'report',
          },
        },
      ],
    }),
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Cleans up the repository a failed task created: archived or deleted, as platform.github.repositoryStandard.cleanup says, and only if the portal created it for this entity.',
    example: yaml.stringify({
      steps: [
        {
          id: 'cleanup',
          action: 'platform:github:repo:delete',
          name: 'Remove the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=invoice-service',
          },
        },
      ],
    }),
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Creates the service's repository from the rendered workspace, with GitHub environments for dev and production, and registers it.",
    example: yaml.stringify({
      steps: [
        {
          id: 'repository',
          action: 'platform:github:repo:ensure',
          name: 'Create the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=invoice-service',
            owner: 'group:default/payments-team',
            description: 'Issues and sends invoices',
            environments: ['dev', 'production'],
          },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl:
              "${{ steps['repository'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Creates an internal repository for an entity other than component:default/<repo>, with every environment.',
    example: yaml.stringify({
      steps: [
        {
          id: 'repository',
          action: 'platform:github:repo:ensure',
          name: 'Create the repository',
          input: {
            repoUrl: 'github.com?owner=acme&repo=fraud-model',
            owner: 'group:default/data-team',
            entityRef: 'component:default/fraud-model',
            repoVisibility: 'internal',
            gitCommitMessage: 'Start fraud-model from the golden path',
          },
        },
      ],
    }),
  },
];

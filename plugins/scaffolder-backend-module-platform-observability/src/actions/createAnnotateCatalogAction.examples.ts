import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Links the rendered catalog-info.yaml to the dashboards, alerts and SLO, before the repository is pushed.',
    example: yaml.stringify({
      steps: [
        {
          id: 'annotate',
          action: 'platform:observability:catalog:annotate',
          name: 'Link the service page to its dashboards and alerts',
          input: {
            name: 'invoice-service',
            slo: {
              availability: '99.9',
              latencyObjective: '95',
              latencyThresholdMs: 300,
              period: '30d',
            },
          },
        },
      ],
    }),
  },
];

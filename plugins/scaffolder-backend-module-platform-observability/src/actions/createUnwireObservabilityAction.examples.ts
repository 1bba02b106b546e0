import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Removes a service's monitor, SLO rules and dashboard from dev and production.",
    example: yaml.stringify({
      steps: [
        {
          id: 'unwire',
          action: 'platform:observability:unwire',
          name: 'Remove metrics, alerts and dashboards',
          input: {
            name: 'invoice-service',
            environments: ['dev', 'production'],
          },
        },
      ],
    }),
  },
];

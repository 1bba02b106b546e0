import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Wires the golden path defaults: 99.9% availability and p95 under 300 ms over 30 days, page and ticket alerts.',
    example: yaml.stringify({
      steps: [
        {
          id: 'observability',
          action: 'platform:observability:wire',
          name: 'Wire metrics, alerts and dashboards',
          input: {
            name: 'invoice-service',
            owner: 'group:default/payments-team',
            environments: ['dev', 'production'],
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
  {
    description: 'Pages only, on a 28-day SLO of 99.5% and p99 under 1 s.',
    example: yaml.stringify({
      steps: [
        {
          id: 'observability',
          action: 'platform:observability:wire',
          name: 'Wire metrics, alerts and dashboards',
          input: {
            name: 'invoice-service',
            owner: 'group:default/payments-team',
            environments: ['dev'],
            slo: {
              availability: '99.5',
              latencyObjective: '99',
              latencyThresholdMs: 1000,
              period: '28d',
              severities: ['page'],
            },
          },
        },
      ],
    }),
  },
];

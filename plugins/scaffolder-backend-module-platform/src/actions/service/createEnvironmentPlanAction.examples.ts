import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Checks a request to add staging to a service, before anything is created.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:environment:plan',
          name: 'Check the request',
          input: {
            entityRef: 'component:default/invoice-service',
            environments: ['staging'],
            tier: 'medium',
          },
        },
      ],
    }),
  },
  {
    description:
      'Plans a preview namespace that lives 8 hours, and takes its expiry into the namespace step.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:environment:plan',
          name: 'Check the request',
          input: {
            entityRef: 'component:default/invoice-service',
            preview: { suffix: 'pr-42', ttlHours: 8 },
          },
        },
        {
          id: 'namespaces',
          action: 'platform:kubernetes:namespace:ensure',
          name: 'Prepare the namespace',
          input: {
            name: "${{ steps['plan'].output.name }}",
            owner: "${{ steps['plan'].output.owner }}",
            entityRef: "${{ steps['plan'].output.entityRef }}",
            environments: "${{ steps['plan'].output.environmentNames }}",
            tier: "${{ steps['plan'].output.tier }}",
            expiresAt: "${{ steps['plan'].output.expiresAt }}",
          },
        },
      ],
    }),
  },
  {
    description:
      'Extends the preview pr-41 of a service to end 48 hours from now; the namespace step converges its namespace to the new expiry and changes nothing else.',
    example: yaml.stringify({
      steps: [
        {
          id: 'plan',
          action: 'platform:service:environment:plan',
          name: 'Check the request',
          input: {
            entityRef: 'component:default/invoice-service',
            kind: 'extend-preview',
            preview: { suffix: 'pr-41', ttlHours: 48 },
          },
        },
        {
          id: 'namespaces',
          action: 'platform:kubernetes:namespace:ensure',
          name: 'Extend the preview',
          input: {
            name: "${{ steps['plan'].output.name }}",
            owner: "${{ steps['plan'].output.owner }}",
            entityRef: "${{ steps['plan'].output.entityRef }}",
            environments: "${{ steps['plan'].output.environmentNames }}",
            tier: "${{ steps['plan'].output.tier }}",
            expiresAt: "${{ steps['plan'].output.expiresAt }}",
          },
        },
      ],
    }),
  },
];

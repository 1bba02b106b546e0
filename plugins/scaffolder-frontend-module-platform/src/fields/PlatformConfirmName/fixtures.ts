import type { NameAvailability } from '@internal/plugin-platform-common';

/** A service of the golden path, as the catalog holds it. */
export const invoiceService = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'invoice-service',
    namespace: 'default',
    annotations: {
      'github.com/project-slug': 'acme/invoice-service',
      'backstage.io/managed-by-origin-location':
        'url:https://github.com/acme/invoice-service/blob/main/catalog-info.yaml',
    },
  },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

/**
 * What the platform backend answers for its name: a namespace in dev, none
 * in staging, one in production that another entity holds; the repository.
 */
export const invoiceServiceAvailability: NameAvailability = {
  name: 'invoice-service',
  valid: true,
  violations: [],
  repository: {
    host: 'github.com',
    owner: 'acme',
    repo: 'invoice-service',
    free: false,
  },
  namespaces: [
    {
      environment: 'dev',
      cluster: 'nonprod-cluster',
      namespace: 'invoice-service-dev',
      free: false,
      ownedBy: 'component:default/invoice-service',
    },
    {
      environment: 'staging',
      cluster: 'nonprod-cluster',
      namespace: 'invoice-service-staging',
      free: true,
    },
    {
      environment: 'production',
      cluster: 'prod-cluster',
      namespace: 'invoice-service-production',
      free: false,
      ownedBy: 'component:default/invoices',
    },
  ],
};

import type { SloTarget } from './types';

/** A service's target in dev, for rule tests. */
export const TARGET: SloTarget = {
  service: 'invoice-service',
  team: 'payments-team',
  environment: 'dev',
  namespace: 'invoice-service-dev',
  runbookUrl: 'https://runbooks.acme.example/invoice-service',
  dashboardUrl: 'https://grafana.acme.example/d/invoice-service-dev',
};

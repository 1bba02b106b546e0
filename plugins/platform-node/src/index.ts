/**
 * Backend helpers shared by the platform's backend plugins and modules:
 * access to the clusters of the `kubernetes` config, and applying objects
 * to them with server-side apply so that re-runs make no writes, GitHub
 * through the integrations, links to the dashboards the portal builds,
 * the `onFailure` option of the provisioning scaffolder actions, the
 * catalog's placeholders in files of `file` locations, and what a service
 * has in each environment (its namespaces, its previews).
 *
 * @packageDocumentation
 */

export * from './clusters';
export * from './apply';
export * from './github';
export * from './observability';
export * from './actions';
export * from './catalog';
export * from './environments';

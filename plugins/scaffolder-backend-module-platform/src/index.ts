/**
 * The `platform:service:*` scaffolder actions: a new service's request checked
 * against the platform contract before anything is created.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatform as default } from './module';
export { createServicePlanAction } from './actions';

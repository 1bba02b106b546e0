/**
 * The `platform:observability:*` scaffolder actions: a service scraped,
 * alerted on against its SLOs and on a dashboard in every environment.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatformObservability as default } from './module';
export {
  createAnnotateCatalogAction,
  createUnwireObservabilityAction,
  createWireObservabilityAction,
} from './actions';
export * from './slo';
export * from './dashboard';

/**
 * The `platform:service:plan` scaffolder action (a new service's request
 * checked against the platform contract before anything is created), the
 * catalog registration of a golden-path template and its clean-up, and the
 * step that fails a task once the clean-up ran.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatform as default } from './module';
export {
  createDecommissionPlanAction,
  createFailTaskAction,
  createRegisterCatalogAction,
  createServicePlanAction,
  createUnregisterCatalogAction,
  ProvisioningFailedError,
} from './actions';

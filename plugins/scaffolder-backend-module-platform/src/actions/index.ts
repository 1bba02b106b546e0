export {
  createDecommissionPlanAction,
  createEnvironmentPlanAction,
  createServicePlanAction,
} from './service';
export {
  createRegisterCatalogAction,
  createUnregisterCatalogAction,
} from './catalog';
export { createFailTaskAction, ProvisioningFailedError } from './task';

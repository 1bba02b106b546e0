export { createServicePlanAction } from './createServicePlanAction';
export { createDecommissionPlanAction } from './createDecommissionPlanAction';
export { createEnvironmentPlanAction } from './createEnvironmentPlanAction';

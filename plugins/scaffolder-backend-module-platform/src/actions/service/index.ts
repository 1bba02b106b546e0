export { createServicePlanAction } from './createServicePlanAction';
export { createDecommissionPlanAction } from './createDecommissionPlanAction';

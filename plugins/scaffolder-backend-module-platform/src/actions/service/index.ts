export { createServicePlanAction } from './createServicePlanAction';

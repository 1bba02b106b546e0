export { createServicePlanAction } from './service';

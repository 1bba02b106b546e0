export type { Manifest } from './types';
export { ObjectApplier, type AppliedObject } from './ObjectApplier';
export {
  isTransient,
  statusOf,
  toProvisioningError,
  withRetries,
  type RequestDescription,
} from './errors';
export { matches } from './matches';

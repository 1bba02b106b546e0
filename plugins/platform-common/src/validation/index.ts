export { formatViolations, type Violation } from './violations';
export { validateServiceName, maxServiceNameLength } from './serviceName';
export {
  validateServiceRequest,
  teamCapsFor,
  type ServiceRequest,
  type TeamUsage,
} from './serviceRequest';
export { validateEntityRef } from './entityRef';
export {
  KNOWN_ENVIRONMENT_RULE,
  validateKnownEnvironment,
} from './knownEnvironment';

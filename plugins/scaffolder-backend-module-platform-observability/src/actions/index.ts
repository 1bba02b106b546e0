export { createWireObservabilityAction } from './createWireObservabilityAction';

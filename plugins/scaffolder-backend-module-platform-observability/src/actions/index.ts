export { createWireObservabilityAction } from './createWireObservabilityAction';
export { createUnwireObservabilityAction } from './createUnwireObservabilityAction';

export { createEnsureNamespacesAction } from './createEnsureNamespacesAction';
export { createDeleteNamespacesAction } from './createDeleteNamespacesAction';

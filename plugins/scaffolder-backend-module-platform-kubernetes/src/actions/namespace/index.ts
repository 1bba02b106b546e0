export { createEnsureNamespacesAction } from './createEnsureNamespacesAction';

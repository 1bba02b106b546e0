export { createEnsureNamespacesAction } from './namespace';

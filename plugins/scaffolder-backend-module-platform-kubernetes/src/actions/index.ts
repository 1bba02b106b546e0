export {
  createEnsureNamespacesAction,
  createDeleteNamespacesAction,
} from './namespace';

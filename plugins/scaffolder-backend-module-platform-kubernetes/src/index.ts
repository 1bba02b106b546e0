/**
 * The `platform:kubernetes:*` scaffolder actions: a service's namespaces with
 * quotas, access, isolation and pod security, on every environment's cluster.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatformKubernetes as default } from './module';
export {
  createEnsureNamespacesAction,
  createDeleteNamespacesAction,
} from './actions';
export { PREVIEW_REAPER_TASK_ID } from './module';
export { reapExpiredPreviews } from './previews/reapExpiredPreviews';
export type { ReapedNamespace } from './previews/reapExpiredPreviews';

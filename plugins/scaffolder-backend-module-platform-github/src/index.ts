/**
 * The `platform:github:*` scaffolder actions: a service's repository with
 * the organisation's standard applied, converging on re-run.
 *
 * @packageDocumentation
 */

export { scaffolderModulePlatformGithub as default } from './module';
export {
  createEnsureRepositoryAction,
  createDeleteRepositoryAction,
} from './actions';
export { GitHubClients, type GitHubClientTuning } from './client/GitHubClients';

export { repositorySettingsRouter } from './router';
export {
  createRepositorySettingsState,
  forgetRepository,
  type RepositorySettingsState,
} from './state';
export {
  createDeployment,
  createDeploymentStatus,
  type CreateDeploymentInput,
  type CreateDeploymentStatusInput,
  type DeploymentActor,
} from './deployments';
export type {
  DirectoryTeam,
  DirectoryUser,
  SettingsDeps,
  SettingsDirectory,
} from './directory';

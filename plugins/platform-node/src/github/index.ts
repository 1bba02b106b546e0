export {
  PlatformGitHub,
  PROJECT_SLUG_ANNOTATION,
  type GitHubRepositoryRef,
} from './PlatformGitHub';
export {
  repositoryLocation,
  type RepositoryLocation,
} from './repositoryLocation';

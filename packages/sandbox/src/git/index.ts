export * from './types';
export {
  GitRepositories,
  type GitRepositoriesOptions,
} from './GitRepositories';
export {
  GitCommandError,
  GitConflictError,
  GitInvalidNameError,
  GitNotFoundError,
} from './errors';
export {
  createGitHttpRouter,
  type GitAccess,
  type GitHttpRouterOptions,
} from './http/createGitHttpRouter';
export { readGitToken } from './http/readGitToken';

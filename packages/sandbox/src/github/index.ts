export {
  startGitHubServer,
  type GitHubDeployments,
  type GitHubServer,
  type GitHubServerOptions,
} from './server';
export type { GitHubTokenOptions } from './auth';
export { missingAppPermissionFault, type GitHubAppOptions } from './apps';
export type {
  GitHubOrganizationOptions,
  GitHubUserOptions,
} from './state/seed';
export {
  secondaryRateLimitFault,
  SECONDARY_RATE_LIMIT_DOCUMENTATION_URL,
  SECONDARY_RATE_LIMIT_MESSAGE,
} from './rateLimit';
export * from './types';
export type { GitHubStore } from './state/GitHubStore';
export type {
  OrganizationRecord,
  StoredRepository,
  TeamRecord,
  UserRecord,
} from './state/model';

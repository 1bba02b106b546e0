import express, { type ErrorRequestHandler, type Router } from 'express';
import { GitHubError } from '../types';
import { branchProtectionRoutes } from './branchProtection';
import { deploymentBranchPolicyRoutes } from './deploymentBranchPolicies';
import { deploymentRoutes } from './deploymentRoutes';
import type { SettingsDeps } from './directory';
import { environmentRoutes } from './environments';
import { repositoryIdAlias } from './repositoryIdAlias';
import { rulesetRoutes } from './rulesets';
import { secretRoutes } from './secrets';
import type { RepositorySettingsState } from './state';
import { variableRoutes } from './variables';

/** Only the settings families parse JSON here; other routes keep their bodies. */
const JSON_PATHS = [
  '/repos/:owner/:repo/branches/:branch/protection',
  '/repos/:owner/:repo/rulesets',
  '/repos/:owner/:repo/environments',
  '/repos/:owner/:repo/actions/variables',
  '/repos/:owner/:repo/actions/secrets',
  '/repos/:owner/:repo/deployments',
];

const jsonErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  const type = (error as { type?: unknown }).type;
  next(
    type === 'entity.parse.failed'
      ? new GitHubError(400, 'Problems parsing JSON')
      : error,
  );
};

/**
 * Repository settings of the sandbox's GitHub API: branch protection,
 * rulesets, environments, Actions variables and secrets, deployments. Paths
 * are relative to the API root (`/api/v3`); errors are thrown as GitHubError
 * for the server core's error middleware.
 */
export function repositorySettingsRouter(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  router.use(repositoryIdAlias(deps));
  router.use(JSON_PATHS, express.json({ limit: '1mb' }), jsonErrors);
  router.use(branchProtectionRoutes(deps, state));
  router.use(rulesetRoutes(deps, state));
  router.use(deploymentBranchPolicyRoutes(deps, state));
  router.use(variableRoutes(deps, state));
  router.use(secretRoutes(deps, state));
  router.use(environmentRoutes(deps, state));
  router.use(deploymentRoutes(deps, state));
  return router;
}

import express, { type Request, type Router } from 'express';
import { GitHubError, type RepositoryRecord } from '../types';
import type { SettingsDeps } from './directory';
import { environmentUrl } from './environments';
import { environmentOfRequest } from './environmentsStore';
import { paginate } from '../pagination';
import {
  bodyOf,
  idParam,
  invalidRequest,
  nodeId,
  notFound,
  optionalString,
  requiredString,
  route,
  urlsOf,
  type Urls,
} from './rest';
import type {
  BranchPolicyRecord,
  EnvironmentRecord,
  RepositorySettingsState,
} from './state';
import { nextId } from './state';

function render(policy: BranchPolicyRecord) {
  return {
    id: policy.id,
    node_id: nodeId('DeploymentBranchPolicy', policy.id),
    name: policy.name,
    type: policy.type,
  };
}

function policyUrl(
  urls: Urls,
  repository: RepositoryRecord,
  environment: EnvironmentRecord,
  policy: BranchPolicyRecord,
) {
  return `${environmentUrl(
    urls,
    repository,
    environment,
  )}/deployment-branch-policies/${policy.id}`;
}

/** Custom branch and tag name patterns an environment accepts deployments from. */
export function deploymentBranchPolicyRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  const base =
    '/repos/:owner/:repo/environments/:environment_name/deployment-branch-policies';

  const environmentOf = (req: Request, permission: 'pull' | 'admin') =>
    environmentOfRequest(deps, state, req, permission);

  async function policyOf(req: Request, permission: 'pull' | 'admin') {
    const found = await environmentOf(req, permission);
    const id = idParam(req, 'branch_policy_id');
    const policy = found.environment.branch_policies.find(p => p.id === id);
    if (!policy) {
      throw notFound();
    }
    return { ...found, policy };
  }

  router.get(
    base,
    route(async (req, res) => {
      const { environment } = await environmentOf(req, 'pull');
      const page = paginate(req, res, environment.branch_policies);
      res.json({
        total_count: page.total,
        branch_policies: page.items.map(render),
      });
    }),
  );

  router.post(
    base,
    route(async (req, res) => {
      const { repository, environment } = await environmentOf(req, 'admin');
      // GitHub answers 404 unless the environment uses custom policies.
      if (!environment.deployment_branch_policy?.custom_branch_policies) {
        throw notFound();
      }
      const body = bodyOf(req);
      const name = requiredString(body, 'name', 'DeploymentBranchPolicy');
      const type = optionalString(body, 'type') ?? 'branch';
      if (type !== 'branch' && type !== 'tag') {
        throw invalidRequest(
          `For 'properties/type', "${type}" is not one of ["branch", "tag"].`,
          'type',
          'DeploymentBranchPolicy',
        );
      }
      const existing = environment.branch_policies.find(
        p => p.name === name && p.type === type,
      );
      if (existing) {
        // GitHub points at the policy that already has this pattern.
        res
          .status(303)
          .location(
            policyUrl(urlsOf(deps, req), repository, environment, existing),
          )
          .end();
        return;
      }
      const policy: BranchPolicyRecord = { id: nextId(state), name, type };
      environment.branch_policies.push(policy);
      deps.save();
      res.json(render(policy));
    }),
  );

  router.get(
    `${base}/:branch_policy_id`,
    route(async (req, res) => {
      const { policy } = await policyOf(req, 'pull');
      res.json(render(policy));
    }),
  );

  router.put(
    `${base}/:branch_policy_id`,
    route(async (req, res) => {
      const { environment, policy } = await policyOf(req, 'admin');
      const name = requiredString(
        bodyOf(req),
        'name',
        'DeploymentBranchPolicy',
      );
      if (
        environment.branch_policies.some(
          p => p.id !== policy.id && p.name === name && p.type === policy.type,
        )
      ) {
        throw new GitHubError(422, 'Validation Failed', [
          {
            resource: 'DeploymentBranchPolicy',
            code: 'already_exists',
            field: 'name',
          },
        ]);
      }
      policy.name = name;
      deps.save();
      res.json(render(policy));
    }),
  );

  router.delete(
    `${base}/:branch_policy_id`,
    route(async (req, res) => {
      const { environment, policy } = await policyOf(req, 'admin');
      environment.branch_policies = environment.branch_policies.filter(
        p => p.id !== policy.id,
      );
      deps.save();
      res.status(204).end();
    }),
  );

  return router;
}

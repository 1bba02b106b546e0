import express, { type Request, type Router } from 'express';
import { environmentOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound, validationFailed } from '../errors';
import { bodyOf, idParam, optionalString, requiredString } from '../input';
import { paginate } from '../pagination';
import {
  deploymentBranchPolicyJson,
  environmentUrl,
} from '../render/environments';
import type {
  DeploymentBranchPolicyRecord,
  EnvironmentRecord,
  StoredRepository,
} from '../state/model';
import { urlsOf, type Urls } from '../urls';

function policyUrl(
  urls: Urls,
  repository: StoredRepository,
  environment: EnvironmentRecord,
  policy: DeploymentBranchPolicyRecord,
) {
  return `${environmentUrl(
    urls,
    repository,
    environment,
  )}/deployment-branch-policies/${policy.id}`;
}

/** Custom branch and tag name patterns an environment accepts deployments from. */
export function deploymentBranchPoliciesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;
  const base =
    '/repos/:owner/:repo/environments/:environment_name/deployment-branch-policies';

  function policyOf(req: Request, permission: 'pull' | 'admin') {
    const found = environmentOf(ctx, req, permission);
    const id = idParam(req, 'branch_policy_id');
    const policy = found.environment.branch_policies.find(p => p.id === id);
    if (!policy) {
      throw notFound();
    }
    return { ...found, policy };
  }

  router.get(
    base,
    handle((req, res) => {
      const { environment } = environmentOf(ctx, req, 'pull');
      const page = paginate(req, res, environment.branch_policies);
      res.json({
        total_count: page.total,
        branch_policies: page.items.map(deploymentBranchPolicyJson),
      });
    }),
  );

  router.post(
    base,
    handle((req, res) => {
      const { repository, environment } = environmentOf(ctx, req, 'admin');
      // GitHub answers 404 unless the environment uses custom policies.
      if (!environment.deployment_branch_policy?.custom_branch_policies) {
        throw notFound();
      }
      const body = bodyOf(req);
      const name = requiredString(body, 'name', 'DeploymentBranchPolicy');
      const type = optionalString(body, 'type') ?? 'branch';
      if (type !== 'branch' && type !== 'tag') {
        throw invalidField(
          'type',
          `For 'properties/type', "${type}" is not one of ["branch", "tag"].`,
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
          .location(policyUrl(urlsOf(req), repository, environment, existing))
          .end();
        return;
      }
      const policy: DeploymentBranchPolicyRecord = {
        id: store.allocateId(),
        name,
        type,
      };
      environment.branch_policies.push(policy);
      store.save();
      res.json(deploymentBranchPolicyJson(policy));
    }),
  );

  router.get(
    `${base}/:branch_policy_id`,
    handle((req, res) => {
      const { policy } = policyOf(req, 'pull');
      res.json(deploymentBranchPolicyJson(policy));
    }),
  );

  router.put(
    `${base}/:branch_policy_id`,
    handle((req, res) => {
      const { environment, policy } = policyOf(req, 'admin');
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
        throw validationFailed({
          resource: 'DeploymentBranchPolicy',
          code: 'already_exists',
          field: 'name',
        });
      }
      policy.name = name;
      store.save();
      res.json(deploymentBranchPolicyJson(policy));
    }),
  );

  router.delete(
    `${base}/:branch_policy_id`,
    handle((req, res) => {
      const { environment, policy } = policyOf(req, 'admin');
      environment.branch_policies = environment.branch_policies.filter(
        p => p.id !== policy.id,
      );
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}

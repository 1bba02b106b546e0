import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound, validationFailed } from '../errors';
import {
  bodyOf,
  idParam,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  queryString,
  requiredString,
} from '../input';
import { paginate } from '../pagination';
import { deploymentJson, deploymentStatusJson } from '../render/deployments';
import {
  actorOf,
  createDeployment,
  createDeploymentStatus,
  deleteDeployment,
  DEPLOYMENT_STATES,
  findDeployment,
} from '../state/deployments';
import type { DeploymentState } from '../state/model';
import { settingsOf } from '../state/repositorySettings';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

/** Deployments and their statuses. */
export function deploymentsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;
  const base = '/repos/:owner/:repo/deployments';

  const creatorOf = (login: string) => actorOf(store.ensureUser(login));

  /** The repository and the deployment `:deployment_id` names, for reading. */
  function deploymentOf(req: Request) {
    const { repository } = repositoryOf(ctx, req, 'pull');
    const deployment = findDeployment(
      store,
      repository,
      idParam(req, 'deployment_id'),
    );
    return { repository, deployment };
  }

  router.get(
    base,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const urls = urlsOf(req);
      const sha = queryString(req, 'sha');
      const ref = queryString(req, 'ref');
      const task = queryString(req, 'task');
      const environment = queryString(req, 'environment')?.toLowerCase();
      const matching = settingsOf(store, repository)
        .deployments.filter(
          d =>
            (!sha || d.sha === sha) &&
            (!ref || d.ref === ref) &&
            (!task || d.task === task) &&
            (!environment || d.environment.toLowerCase() === environment),
        )
        .reverse();
      const page = paginate(req, res, matching);
      res.json(page.items.map(d => deploymentJson(urls, repository, d)));
    }),
  );

  router.post(
    base,
    handle(async (req, res) => {
      const { repository, login } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const ref = requiredString(body, 'ref', 'Deployment');
      const payload = body.payload;
      if (
        payload !== undefined &&
        typeof payload !== 'string' &&
        (payload === null ||
          typeof payload !== 'object' ||
          Array.isArray(payload))
      ) {
        throw invalidField(
          'payload',
          `For 'properties/payload', ${JSON.stringify(
            payload,
          )} is not an object or a string.`,
          'Deployment',
        );
      }
      const input = {
        task: optionalString(body, 'task'),
        environment: optionalString(body, 'environment'),
        description: optionalString(body, 'description'),
        transient_environment: optionalBoolean(body, 'transient_environment'),
        production_environment: optionalBoolean(body, 'production_environment'),
        payload: payload as Record<string, unknown> | string | undefined,
      };
      optionalBoolean(body, 'auto_merge');
      const requiredContexts = optionalStringArray(body, 'required_contexts');
      const sha = await ctx.git
        .resolveCommit(repository.owner, repository.name, ref)
        .catch(() => undefined);
      if (!sha) {
        throw validationFailed(
          { resource: 'Deployment', code: 'invalid', field: 'ref' },
          `No ref found for: ${ref}`,
        );
      }
      // The sandbox has no commit statuses, so any named context is missing.
      if (requiredContexts && requiredContexts.length > 0) {
        throw new GitHubError(
          409,
          `Conflict: Commit status checks failed for ${ref}.`,
          [
            {
              resource: 'Deployment',
              code: 'invalid',
              field: 'required_contexts',
              message: `Missing contexts: ${requiredContexts.join(', ')}`,
            },
          ],
        );
      }
      const deployment = createDeployment(store, repository, {
        ...input,
        ref,
        sha,
        creator: creatorOf(login),
      });
      store.save();
      res.status(201).json(deploymentJson(urlsOf(req), repository, deployment));
    }),
  );

  router.get(
    `${base}/:deployment_id`,
    handle((req, res) => {
      const { repository, deployment } = deploymentOf(req);
      res.json(deploymentJson(urlsOf(req), repository, deployment));
    }),
  );

  router.delete(
    `${base}/:deployment_id`,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      deleteDeployment(store, repository, idParam(req, 'deployment_id'));
      store.save();
      res.status(204).end();
    }),
  );

  router.get(
    `${base}/:deployment_id/statuses`,
    handle((req, res) => {
      const { repository, deployment } = deploymentOf(req);
      const urls = urlsOf(req);
      const page = paginate(req, res, [...deployment.statuses].reverse());
      res.json(
        page.items.map(s =>
          deploymentStatusJson(urls, repository, deployment, s),
        ),
      );
    }),
  );

  router.post(
    `${base}/:deployment_id/statuses`,
    handle((req, res) => {
      const { repository, login } = repositoryOf(ctx, req, 'push');
      const deploymentId = idParam(req, 'deployment_id');
      findDeployment(store, repository, deploymentId);
      const body = bodyOf(req);
      const stateName = requiredString(body, 'state', 'DeploymentStatus');
      if (!DEPLOYMENT_STATES.includes(stateName as DeploymentState)) {
        throw invalidField(
          'state',
          `For 'properties/state', "${stateName}" is not one of [${DEPLOYMENT_STATES.map(
            s => `"${s}"`,
          ).join(', ')}].`,
          'DeploymentStatus',
        );
      }
      const { deployment, status } = createDeploymentStatus(
        store,
        repository,
        deploymentId,
        {
          state: stateName as DeploymentState,
          description: optionalString(body, 'description'),
          environment: optionalString(body, 'environment'),
          environment_url: optionalString(body, 'environment_url'),
          log_url: optionalString(body, 'log_url'),
          target_url: optionalString(body, 'target_url'),
          auto_inactive: optionalBoolean(body, 'auto_inactive'),
          creator: creatorOf(login),
        },
      );
      store.save();
      res
        .status(201)
        .json(
          deploymentStatusJson(urlsOf(req), repository, deployment, status),
        );
    }),
  );

  router.get(
    `${base}/:deployment_id/statuses/:status_id`,
    handle((req, res) => {
      const { repository, deployment } = deploymentOf(req);
      const statusId = idParam(req, 'status_id');
      const status = deployment.statuses.find(s => s.id === statusId);
      if (!status) {
        throw notFound();
      }
      res.json(
        deploymentStatusJson(urlsOf(req), repository, deployment, status),
      );
    }),
  );

  return router;
}

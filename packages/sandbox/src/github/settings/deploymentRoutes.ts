import express, { type Request, type Router } from 'express';
import { GitHubError } from '../types';
import {
  createDeployment,
  createDeploymentStatus,
  deleteDeployment,
  DEPLOYMENT_STATES,
  findDeployment,
  renderDeployment,
  renderDeploymentStatus,
} from './deployments';
import {
  userByLogin,
  type DirectoryUser,
  type SettingsDeps,
} from './directory';
import { paginate } from '../pagination';
import {
  bodyOf,
  idParam,
  invalidRequest,
  notFound,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  requiredString,
  route,
  urlsOf,
} from './rest';
import {
  settingsOf,
  type DeploymentState,
  type RepositorySettingsState,
} from './state';

function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Deployments and their statuses. */
export function deploymentRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  const base = '/repos/:owner/:repo/deployments';

  async function creatorOf(login: string): Promise<DirectoryUser> {
    return (await userByLogin(deps, login)) ?? { id: 0, login };
  }

  /** The repository and the deployment `:deployment_id` names, for reading. */
  async function deploymentOf(req: Request) {
    const { repository } = await deps.requireRepository(req, 'pull');
    const deployment = findDeployment(
      state,
      repository,
      idParam(req, 'deployment_id'),
    );
    return { repository, deployment };
  }

  router.get(
    base,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'pull');
      const urls = urlsOf(deps, req);
      const sha = queryString(req, 'sha');
      const ref = queryString(req, 'ref');
      const task = queryString(req, 'task');
      const environment = queryString(req, 'environment')?.toLowerCase();
      const matching = settingsOf(state, repository)
        .deployments.filter(
          d =>
            (!sha || d.sha === sha) &&
            (!ref || d.ref === ref) &&
            (!task || d.task === task) &&
            (!environment || d.environment.toLowerCase() === environment),
        )
        .reverse();
      const page = paginate(req, res, matching);
      res.json(page.items.map(d => renderDeployment(urls, repository, d)));
    }),
  );

  router.post(
    base,
    route(async (req, res) => {
      const { repository, login } = await deps.requireRepository(req, 'push');
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
        throw invalidRequest(
          `For 'properties/payload', ${JSON.stringify(
            payload,
          )} is not an object or a string.`,
          'payload',
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
      const sha = await deps.resolveCommit(repository, ref);
      if (!sha) {
        throw new GitHubError(422, `No ref found for: ${ref}`, [
          { resource: 'Deployment', code: 'invalid', field: 'ref' },
        ]);
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
      const deployment = createDeployment(state, repository, {
        ...input,
        ref,
        sha,
        creator: await creatorOf(login),
        baseUrl: deps.baseUrl(req),
      });
      deps.save();
      res.status(201).json(deployment);
    }),
  );

  router.get(
    `${base}/:deployment_id`,
    route(async (req, res) => {
      const { repository, deployment } = await deploymentOf(req);
      res.json(renderDeployment(urlsOf(deps, req), repository, deployment));
    }),
  );

  router.delete(
    `${base}/:deployment_id`,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'push');
      deleteDeployment(state, repository, idParam(req, 'deployment_id'));
      deps.save();
      res.status(204).end();
    }),
  );

  router.get(
    `${base}/:deployment_id/statuses`,
    route(async (req, res) => {
      const { repository, deployment } = await deploymentOf(req);
      const urls = urlsOf(deps, req);
      const page = paginate(req, res, [...deployment.statuses].reverse());
      res.json(
        page.items.map(s =>
          renderDeploymentStatus(urls, repository, deployment, s),
        ),
      );
    }),
  );

  router.post(
    `${base}/:deployment_id/statuses`,
    route(async (req, res) => {
      const { repository, login } = await deps.requireRepository(req, 'push');
      const deploymentId = idParam(req, 'deployment_id');
      findDeployment(state, repository, deploymentId);
      const body = bodyOf(req);
      const stateName = requiredString(body, 'state', 'DeploymentStatus');
      if (!DEPLOYMENT_STATES.includes(stateName as DeploymentState)) {
        throw invalidRequest(
          `For 'properties/state', "${stateName}" is not one of [${DEPLOYMENT_STATES.map(
            s => `"${s}"`,
          ).join(', ')}].`,
          'state',
          'DeploymentStatus',
        );
      }
      const status = createDeploymentStatus(state, repository, deploymentId, {
        state: stateName as DeploymentState,
        description: optionalString(body, 'description'),
        environment: optionalString(body, 'environment'),
        environment_url: optionalString(body, 'environment_url'),
        log_url: optionalString(body, 'log_url'),
        target_url: optionalString(body, 'target_url'),
        auto_inactive: optionalBoolean(body, 'auto_inactive'),
        creator: await creatorOf(login),
        baseUrl: deps.baseUrl(req),
      });
      deps.save();
      res.status(201).json(status);
    }),
  );

  router.get(
    `${base}/:deployment_id/statuses/:status_id`,
    route(async (req, res) => {
      const { repository, deployment } = await deploymentOf(req);
      const statusId = idParam(req, 'status_id');
      const status = deployment.statuses.find(s => s.id === statusId);
      if (!status) {
        throw notFound();
      }
      res.json(
        renderDeploymentStatus(
          urlsOf(deps, req),
          repository,
          deployment,
          status,
        ),
      );
    }),
  );

  return router;
}

import express, { type Request, type Response, type Router } from 'express';
import { GitHubError, type RepositoryRecord } from '../types';
import { simpleUser, teamObject, type SettingsDeps } from './directory';
import { ensureEnvironment, environmentOfRequest } from './environmentsStore';
import { paginate } from '../pagination';
import {
  bodyOf,
  invalidRequest,
  nodeId,
  now,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  repositoryApiUrl,
  repositoryHtmlUrl,
  route,
  urlsOf,
  type Urls,
} from './rest';
import {
  settingsOf,
  type EnvironmentRecord,
  type EnvironmentReviewer,
  type RepositorySettingsState,
} from './state';

const RESOURCE = 'Environment';
const ALLOWED_KEYS = [
  'wait_timer',
  'prevent_self_review',
  'reviewers',
  'deployment_branch_policy',
];
/** 30 days, GitHub's longest wait timer, in minutes. */
const MAX_WAIT_TIMER = 43200;
const MAX_REVIEWERS = 6;

async function parseReviewers(
  deps: SettingsDeps,
  value: unknown,
): Promise<EnvironmentReviewer[]> {
  if (!Array.isArray(value)) {
    throw invalidRequest(
      `For 'properties/reviewers', it is not an array.`,
      'reviewers',
      RESOURCE,
    );
  }
  if (value.length > MAX_REVIEWERS) {
    throw invalidRequest(
      `Reviewers: at most ${MAX_REVIEWERS} reviewers can be set.`,
      'reviewers',
      RESOURCE,
    );
  }
  const reviewers: EnvironmentReviewer[] = [];
  for (const [index, item] of value.entries()) {
    const reviewer = (item ?? {}) as { type?: unknown; id?: unknown };
    if (
      (reviewer.type !== 'User' && reviewer.type !== 'Team') ||
      typeof reviewer.id !== 'number' ||
      !Number.isInteger(reviewer.id)
    ) {
      throw invalidRequest(
        `For 'items', ${JSON.stringify(
          item,
        )} is not a reviewer of type "User" or "Team" with an integer "id".`,
        `reviewers[${index}]`,
        RESOURCE,
      );
    }
    const lookup =
      reviewer.type === 'User'
        ? deps.directory?.userById
        : deps.directory?.teamById;
    if (lookup && !(await lookup(reviewer.id))) {
      throw new GitHubError(422, 'Validation Failed', [
        {
          resource: RESOURCE,
          code: 'invalid',
          field: 'reviewers',
          message: `${reviewer.type} with id ${reviewer.id} does not exist`,
        },
      ]);
    }
    reviewers.push({ type: reviewer.type, id: reviewer.id });
  }
  return reviewers;
}

function parseBranchPolicy(
  body: Record<string, unknown>,
): EnvironmentRecord['deployment_branch_policy'] | undefined {
  const policy = optionalObject(body, 'deployment_branch_policy');
  if (!policy) {
    return policy;
  }
  const protectedBranches = optionalBoolean(policy, 'protected_branches');
  const custom = optionalBoolean(policy, 'custom_branch_policies');
  if (protectedBranches === undefined || custom === undefined) {
    throw invalidRequest(
      `"${
        protectedBranches === undefined
          ? 'protected_branches'
          : 'custom_branch_policies'
      }" wasn't supplied.`,
      'deployment_branch_policy',
      RESOURCE,
    );
  }
  if (protectedBranches && custom) {
    throw invalidRequest(
      'Only one of `protected_branches` and `custom_branch_policies` can be set to true.',
      'deployment_branch_policy',
      RESOURCE,
    );
  }
  return {
    protected_branches: protectedBranches,
    custom_branch_policies: custom,
  };
}

async function renderReviewer(
  deps: SettingsDeps,
  urls: Urls,
  reviewer: EnvironmentReviewer,
) {
  if (reviewer.type === 'User') {
    const user = await deps.directory?.userById?.(reviewer.id);
    return {
      type: reviewer.type,
      reviewer: user ? simpleUser(urls, user) : { id: reviewer.id },
    };
  }
  const team = await deps.directory?.teamById?.(reviewer.id);
  return {
    type: reviewer.type,
    reviewer: team ? teamObject(urls, team) : { id: reviewer.id },
  };
}

export function environmentUrl(
  urls: Urls,
  repository: RepositoryRecord,
  environment: EnvironmentRecord,
) {
  return `${repositoryApiUrl(
    urls,
    repository,
  )}/environments/${encodeURIComponent(environment.name)}`;
}

/** GitHub's `environment` object, protection rules derived from the settings. */
export async function renderEnvironment(
  deps: SettingsDeps,
  urls: Urls,
  repository: RepositoryRecord,
  environment: EnvironmentRecord,
) {
  const rules: Record<string, unknown>[] = [];
  const ids = environment.rule_ids;
  if (environment.wait_timer > 0) {
    rules.push({
      id: ids.wait_timer,
      node_id: nodeId('GateRule', ids.wait_timer),
      type: 'wait_timer',
      wait_timer: environment.wait_timer,
    });
  }
  if (environment.reviewers.length > 0) {
    const reviewers = [];
    for (const reviewer of environment.reviewers) {
      reviewers.push(await renderReviewer(deps, urls, reviewer));
    }
    rules.push({
      id: ids.required_reviewers,
      node_id: nodeId('GateRule', ids.required_reviewers),
      prevent_self_review: environment.prevent_self_review,
      type: 'required_reviewers',
      reviewers,
    });
  }
  if (environment.deployment_branch_policy) {
    rules.push({
      id: ids.branch_policy,
      node_id: nodeId('GateRule', ids.branch_policy),
      type: 'branch_policy',
    });
  }
  return {
    id: environment.id,
    node_id: nodeId('Environment', environment.id),
    name: environment.name,
    url: environmentUrl(urls, repository, environment),
    html_url: `${repositoryHtmlUrl(
      urls,
      repository,
    )}/deployments/activity_log?environments_filter=${encodeURIComponent(
      environment.name,
    )}`,
    created_at: environment.created_at,
    updated_at: environment.updated_at,
    protection_rules: rules,
    deployment_branch_policy: environment.deployment_branch_policy,
  };
}

/** Environments and their deployment branch policies. */
export function environmentRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  const base = '/repos/:owner/:repo/environments';

  const environmentOf = (req: Request, permission: 'pull' | 'admin') =>
    environmentOfRequest(deps, state, req, permission);

  const sendEnvironment = async (
    req: Request,
    res: Response,
    repository: RepositoryRecord,
    environment: EnvironmentRecord,
  ) => {
    res.json(
      await renderEnvironment(deps, urlsOf(deps, req), repository, environment),
    );
  };

  router.get(
    base,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'pull');
      const urls = urlsOf(deps, req);
      const page = paginate(
        req,
        res,
        settingsOf(state, repository).environments,
      );
      const environments = [];
      for (const environment of page.items) {
        environments.push(
          await renderEnvironment(deps, urls, repository, environment),
        );
      }
      res.json({ total_count: page.total, environments });
    }),
  );

  router.get(
    `${base}/:environment_name`,
    route(async (req, res) => {
      const { repository, environment } = await environmentOf(req, 'pull');
      await sendEnvironment(req, res, repository, environment);
    }),
  );

  router.put(
    `${base}/:environment_name`,
    route(async (req, res) => {
      const { repository } = await deps.requireRepository(req, 'admin');
      const name = req.params.environment_name;
      if (name.length === 0 || name.length > 255) {
        throw invalidRequest(
          'Environment names must be 1 to 255 characters long.',
          'name',
          RESOURCE,
        );
      }
      const body = bodyOf(req);
      const unknownKey = Object.keys(body).find(k => !ALLOWED_KEYS.includes(k));
      if (unknownKey) {
        throw invalidRequest(
          `"${unknownKey}" is not a permitted key.`,
          unknownKey,
          RESOURCE,
        );
      }
      const waitTimer = optionalInteger(body, 'wait_timer');
      if (
        waitTimer !== undefined &&
        (waitTimer < 0 || waitTimer > MAX_WAIT_TIMER)
      ) {
        throw invalidRequest(
          `Wait timer must be between 0 and ${MAX_WAIT_TIMER} minutes.`,
          'wait_timer',
          RESOURCE,
        );
      }
      const preventSelfReview = optionalBoolean(body, 'prevent_self_review');
      const reviewers =
        body.reviewers === undefined || body.reviewers === null
          ? undefined
          : await parseReviewers(deps, body.reviewers);
      const branchPolicy = parseBranchPolicy(body);

      const { environment } = ensureEnvironment(state, repository, name);
      // Settings left out of the body keep their value.
      environment.wait_timer = waitTimer ?? environment.wait_timer;
      environment.prevent_self_review =
        preventSelfReview ?? environment.prevent_self_review;
      if (body.reviewers === null) {
        environment.reviewers = [];
      } else if (reviewers) {
        environment.reviewers = reviewers;
      }
      if (branchPolicy !== undefined) {
        environment.deployment_branch_policy = branchPolicy;
      }
      environment.updated_at = now();
      deps.save();
      await sendEnvironment(req, res, repository, environment);
    }),
  );

  router.delete(
    `${base}/:environment_name`,
    route(async (req, res) => {
      const { repository, environment } = await environmentOf(req, 'admin');
      const settings = settingsOf(state, repository);
      settings.environments = settings.environments.filter(
        e => e.id !== environment.id,
      );
      deps.save();
      res.status(204).end();
    }),
  );

  return router;
}

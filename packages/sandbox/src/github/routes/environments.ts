import express, { type Request, type Response, type Router } from 'express';
import { environmentOf, repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, validationFailed } from '../errors';
import {
  bodyOf,
  optionalBoolean,
  optionalInteger,
  optionalObject,
} from '../input';
import { paginate } from '../pagination';
import { environmentJson } from '../render/environments';
import { ensureEnvironment } from '../state/environments';
import type { GitHubStore } from '../state/GitHubStore';
import type {
  EnvironmentRecord,
  EnvironmentReviewer,
  StoredRepository,
} from '../state/model';
import { settingsOf, timestamp } from '../state/repositorySettings';
import { urlsOf } from '../urls';

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

function parseReviewers(
  store: GitHubStore,
  value: unknown,
): EnvironmentReviewer[] {
  if (!Array.isArray(value)) {
    throw invalidField(
      'reviewers',
      `For 'properties/reviewers', it is not an array.`,
      RESOURCE,
    );
  }
  if (value.length > MAX_REVIEWERS) {
    throw invalidField(
      'reviewers',
      `Reviewers: at most ${MAX_REVIEWERS} reviewers can be set.`,
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
      throw invalidField(
        `reviewers[${index}]`,
        `For 'items', ${JSON.stringify(
          item,
        )} is not a reviewer of type "User" or "Team" with an integer "id".`,
        RESOURCE,
      );
    }
    const exists =
      reviewer.type === 'User'
        ? store.userById(reviewer.id)
        : store.teamById(reviewer.id);
    if (!exists) {
      throw validationFailed({
        resource: RESOURCE,
        code: 'invalid',
        field: 'reviewers',
        message: `${reviewer.type} with id ${reviewer.id} does not exist`,
      });
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
    throw invalidField(
      'deployment_branch_policy',
      `"${
        protectedBranches === undefined
          ? 'protected_branches'
          : 'custom_branch_policies'
      }" wasn't supplied.`,
      RESOURCE,
    );
  }
  if (protectedBranches && custom) {
    throw invalidField(
      'deployment_branch_policy',
      'Only one of `protected_branches` and `custom_branch_policies` can be set to true.',
      RESOURCE,
    );
  }
  return {
    protected_branches: protectedBranches,
    custom_branch_policies: custom,
  };
}

/** Environments and their deployment branch policies. */
export function environmentsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;
  const base = '/repos/:owner/:repo/environments';

  const sendEnvironment = (
    req: Request,
    res: Response,
    repository: StoredRepository,
    environment: EnvironmentRecord,
  ) => {
    res.json(environmentJson(urlsOf(req), store, repository, environment));
  };

  router.get(
    base,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const urls = urlsOf(req);
      const page = paginate(
        req,
        res,
        settingsOf(store, repository).environments,
      );
      res.json({
        total_count: page.total,
        environments: page.items.map(environment =>
          environmentJson(urls, store, repository, environment),
        ),
      });
    }),
  );

  router.get(
    `${base}/:environment_name`,
    handle((req, res) => {
      const { repository, environment } = environmentOf(ctx, req, 'pull');
      sendEnvironment(req, res, repository, environment);
    }),
  );

  router.put(
    `${base}/:environment_name`,
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const name = req.params.environment_name;
      if (name.length === 0 || name.length > 255) {
        throw invalidField(
          'name',
          'Environment names must be 1 to 255 characters long.',
          RESOURCE,
        );
      }
      const body = bodyOf(req);
      const unknownKey = Object.keys(body).find(k => !ALLOWED_KEYS.includes(k));
      if (unknownKey) {
        throw invalidField(
          unknownKey,
          `"${unknownKey}" is not a permitted key.`,
          RESOURCE,
        );
      }
      const waitTimer = optionalInteger(body, 'wait_timer');
      if (
        waitTimer !== undefined &&
        (waitTimer < 0 || waitTimer > MAX_WAIT_TIMER)
      ) {
        throw invalidField(
          'wait_timer',
          `Wait timer must be between 0 and ${MAX_WAIT_TIMER} minutes.`,
          RESOURCE,
        );
      }
      const preventSelfReview = optionalBoolean(body, 'prevent_self_review');
      const reviewers =
        body.reviewers === undefined || body.reviewers === null
          ? undefined
          : parseReviewers(store, body.reviewers);
      const branchPolicy = parseBranchPolicy(body);

      const { environment } = ensureEnvironment(store, repository, name);
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
      environment.updated_at = timestamp();
      store.save();
      sendEnvironment(req, res, repository, environment);
    }),
  );

  router.delete(
    `${base}/:environment_name`,
    handle((req, res) => {
      const { repository, environment } = environmentOf(ctx, req, 'admin');
      const settings = settingsOf(store, repository);
      settings.environments = settings.environments.filter(
        e => e.id !== environment.id,
      );
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}

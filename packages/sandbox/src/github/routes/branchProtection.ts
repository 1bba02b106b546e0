import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import {
  handle,
  invalidField,
  missingField,
  notFound,
  validationFailed,
} from '../errors';
import {
  bodyOf,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalStringArray,
} from '../input';
import {
  branchProtectionJson,
  protectionUrl,
} from '../render/branchProtection';
import type { GitHubStore } from '../state/GitHubStore';
import type {
  ActorNames,
  BranchProtectionRecord,
  StoredRepository,
} from '../state/model';
import { settingsOf } from '../state/repositorySettings';
import { urlsOf } from '../urls';

const RESOURCE = 'ProtectedBranch';

function parseActorNames(
  value: Record<string, unknown>,
  field: string,
  required: boolean,
): ActorNames {
  const list = (key: string) => {
    if (required && key !== 'apps' && value[key] === undefined) {
      throw missingField(`${field}.${key}`, RESOURCE);
    }
    try {
      return optionalStringArray(value, key) ?? [];
    } catch {
      throw invalidField(
        `${field}.${key}`,
        `For 'properties/${field}.${key}', ${JSON.stringify(
          value[key],
        )} is not an array of strings.`,
        RESOURCE,
      );
    }
  };
  return { users: list('users'), teams: list('teams'), apps: list('apps') };
}

/** The PUT body, checked as GitHub's schema does: four keys required, each nullable. */
export function parseProtection(
  branch: string,
  body: Record<string, unknown>,
  previous: BranchProtectionRecord | undefined,
): BranchProtectionRecord {
  for (const key of [
    'required_status_checks',
    'enforce_admins',
    'required_pull_request_reviews',
    'restrictions',
  ]) {
    if (!(key in body)) {
      throw missingField(key, RESOURCE);
    }
  }

  const checksBody = optionalObject(body, 'required_status_checks');
  let requiredStatusChecks: BranchProtectionRecord['required_status_checks'] =
    null;
  if (checksBody) {
    const strict = optionalBoolean(checksBody, 'strict');
    if (strict === undefined) {
      throw missingField('required_status_checks.strict', RESOURCE);
    }
    const contexts = optionalStringArray(checksBody, 'contexts');
    const checks = checksBody.checks;
    if (contexts === undefined && checks === undefined) {
      throw missingField('required_status_checks.contexts', RESOURCE);
    }
    let parsedChecks: { context: string; app_id: number | null }[];
    if (checks !== undefined) {
      if (
        !Array.isArray(checks) ||
        checks.some(
          c =>
            !c ||
            typeof c !== 'object' ||
            typeof (c as { context?: unknown }).context !== 'string',
        )
      ) {
        throw invalidField(
          'required_status_checks.checks',
          `For 'properties/required_status_checks.checks', each item needs a "context".`,
          RESOURCE,
        );
      }
      parsedChecks = (checks as { context: string; app_id?: unknown }[]).map(
        c => ({
          context: c.context,
          app_id: typeof c.app_id === 'number' ? c.app_id : null,
        }),
      );
    } else {
      parsedChecks = contexts!.map(context => ({ context, app_id: null }));
    }
    requiredStatusChecks = { strict, checks: parsedChecks };
  }

  const enforceAdmins = body.enforce_admins;
  if (enforceAdmins !== null && typeof enforceAdmins !== 'boolean') {
    throw invalidField(
      'enforce_admins',
      `For 'properties/enforce_admins', ${JSON.stringify(
        enforceAdmins,
      )} is not a boolean or null.`,
      RESOURCE,
    );
  }

  const reviewsBody = optionalObject(body, 'required_pull_request_reviews');
  let reviews: BranchProtectionRecord['required_pull_request_reviews'] = null;
  if (reviewsBody) {
    const count = optionalInteger(
      reviewsBody,
      'required_approving_review_count',
    );
    if (count !== undefined && (count < 0 || count > 6)) {
      throw invalidField(
        'required_pull_request_reviews.required_approving_review_count',
        'Invalid required_approving_review_count: must be between 0 and 6.',
        RESOURCE,
      );
    }
    const dismissal = optionalObject(reviewsBody, 'dismissal_restrictions');
    const bypass = optionalObject(
      reviewsBody,
      'bypass_pull_request_allowances',
    );
    reviews = {
      dismiss_stale_reviews:
        optionalBoolean(reviewsBody, 'dismiss_stale_reviews') ?? false,
      require_code_owner_reviews:
        optionalBoolean(reviewsBody, 'require_code_owner_reviews') ?? false,
      required_approving_review_count: count ?? 1,
      require_last_push_approval:
        optionalBoolean(reviewsBody, 'require_last_push_approval') ?? false,
      ...(dismissal && {
        dismissal_restrictions: parseActorNames(
          dismissal,
          'required_pull_request_reviews.dismissal_restrictions',
          false,
        ),
      }),
      ...(bypass && {
        bypass_pull_request_allowances: parseActorNames(
          bypass,
          'required_pull_request_reviews.bypass_pull_request_allowances',
          false,
        ),
      }),
    };
  }

  const restrictionsBody = optionalObject(body, 'restrictions');
  const flag = (key: string) => {
    const value = body[key];
    if (value === null) {
      return false;
    }
    return optionalBoolean(body, key) ?? false;
  };
  return {
    branch,
    required_status_checks: requiredStatusChecks,
    enforce_admins: enforceAdmins === true,
    required_pull_request_reviews: reviews,
    restrictions: restrictionsBody
      ? parseActorNames(restrictionsBody, 'restrictions', true)
      : null,
    // Signatures have their own endpoint; a PUT of the rest keeps them.
    required_signatures: previous?.required_signatures ?? false,
    required_linear_history: flag('required_linear_history'),
    allow_force_pushes: flag('allow_force_pushes'),
    allow_deletions: flag('allow_deletions'),
    block_creations: flag('block_creations'),
    required_conversation_resolution: flag('required_conversation_resolution'),
    lock_branch: flag('lock_branch'),
    allow_fork_syncing: flag('allow_fork_syncing'),
  };
}

/** 422 when a restriction or allowance names a user or team that does not exist. */
function checkActorsExist(
  store: GitHubStore,
  repository: StoredRepository,
  protection: BranchProtectionRecord,
) {
  const lists = [
    protection.restrictions,
    protection.required_pull_request_reviews?.dismissal_restrictions,
    protection.required_pull_request_reviews?.bypass_pull_request_allowances,
  ];
  for (const names of lists) {
    for (const login of names?.users ?? []) {
      if (!store.user(login)) {
        throw validationFailed({
          resource: RESOURCE,
          code: 'invalid',
          field: 'users',
          message: `Could not find user: ${login}`,
        });
      }
    }
    for (const slug of names?.teams ?? []) {
      if (!store.team(repository.owner, slug)) {
        throw validationFailed({
          resource: RESOURCE,
          code: 'invalid',
          field: 'teams',
          message: `Could not find team: ${slug}`,
        });
      }
    }
  }
}

/** Branch protection, its admin enforcement and its signature requirement. */
export function branchProtectionRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;
  const base = '/repos/:owner/:repo/branches/:branch/protection';

  /** The repository and branch of the request; 404 "Branch not found" as GitHub says. */
  async function branchOf(req: Request, permission: 'pull' | 'admin') {
    const { repository } = repositoryOf(ctx, req, permission);
    const branch = req.params.branch;
    const branches = await ctx.git.listBranches(
      repository.owner,
      repository.name,
    );
    if (!branches.some(ref => ref.ref === `refs/heads/${branch}`)) {
      throw notFound('Branch not found');
    }
    const settings = settingsOf(store, repository);
    const index = settings.branch_protection.findIndex(
      p => p.branch === branch,
    );
    return { repository, branch, settings, index };
  }

  async function protectedBranchOf(req: Request, permission: 'pull' | 'admin') {
    const found = await branchOf(req, permission);
    if (found.index < 0) {
      throw notFound('Branch not protected');
    }
    return {
      ...found,
      protection: found.settings.branch_protection[found.index],
    };
  }

  router.get(
    base,
    handle(async (req, res) => {
      const { repository, protection } = await protectedBranchOf(req, 'pull');
      res.json(
        branchProtectionJson(urlsOf(req), store, repository, protection),
      );
    }),
  );

  router.put(
    base,
    handle(async (req, res) => {
      const { repository, branch, settings, index } = await branchOf(
        req,
        'admin',
      );
      const protection = parseProtection(
        branch,
        bodyOf(req),
        settings.branch_protection[index],
      );
      checkActorsExist(store, repository, protection);
      if (index >= 0) {
        settings.branch_protection[index] = protection;
      } else {
        settings.branch_protection.push(protection);
      }
      store.save();
      res.json(
        branchProtectionJson(urlsOf(req), store, repository, protection),
      );
    }),
  );

  router.delete(
    base,
    handle(async (req, res) => {
      const { settings, index } = await protectedBranchOf(req, 'admin');
      settings.branch_protection.splice(index, 1);
      store.save();
      res.status(204).end();
    }),
  );

  /** `enforce_admins` and `required_signatures` share one shape: `{ url, enabled }`. */
  for (const [path, key] of [
    ['enforce_admins', 'enforce_admins'],
    ['required_signatures', 'required_signatures'],
  ] as const) {
    const answer = (
      req: Request,
      repository: StoredRepository,
      enabled: boolean,
    ) => ({
      url: `${protectionUrl(
        urlsOf(req),
        repository,
        req.params.branch,
      )}/${path}`,
      enabled,
    });
    router.get(
      `${base}/${path}`,
      handle(async (req, res) => {
        const { repository, protection } = await protectedBranchOf(req, 'pull');
        res.json(answer(req, repository, protection[key]));
      }),
    );
    router.post(
      `${base}/${path}`,
      handle(async (req, res) => {
        const { repository, protection } = await protectedBranchOf(
          req,
          'admin',
        );
        protection[key] = true;
        store.save();
        res.json(answer(req, repository, true));
      }),
    );
    router.delete(
      `${base}/${path}`,
      handle(async (req, res) => {
        const { protection } = await protectedBranchOf(req, 'admin');
        protection[key] = false;
        store.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}

import express, { type Request, type Router } from 'express';
import { GitHubError, type RepositoryRecord } from '../types';
import {
  simpleUser,
  teamBySlug,
  teamObject,
  userByLogin,
  type SettingsDeps,
} from './directory';
import {
  bodyOf,
  invalidRequest,
  missingField,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalStringArray,
  repositoryApiUrl,
  route,
  urlsOf,
  type Urls,
} from './rest';
import {
  settingsOf,
  type ActorNames,
  type BranchProtectionRecord,
  type RepositorySettingsState,
} from './state';

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
      throw invalidRequest(
        `For 'properties/${field}.${key}', ${JSON.stringify(
          value[key],
        )} is not an array of strings.`,
        `${field}.${key}`,
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
        throw invalidRequest(
          `For 'properties/required_status_checks.checks', each item needs a "context".`,
          'required_status_checks.checks',
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
    throw invalidRequest(
      `For 'properties/enforce_admins', ${JSON.stringify(
        enforceAdmins,
      )} is not a boolean or null.`,
      'enforce_admins',
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
      throw invalidRequest(
        'Invalid required_approving_review_count: must be between 0 and 6.',
        'required_pull_request_reviews.required_approving_review_count',
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
async function checkActorsExist(
  deps: SettingsDeps,
  repository: RepositoryRecord,
  protection: BranchProtectionRecord,
) {
  const lists = [
    protection.restrictions,
    protection.required_pull_request_reviews?.dismissal_restrictions,
    protection.required_pull_request_reviews?.bypass_pull_request_allowances,
  ];
  for (const names of lists) {
    for (const login of names?.users ?? []) {
      if (!(await userByLogin(deps, login))) {
        throw new GitHubError(422, 'Validation Failed', [
          {
            resource: RESOURCE,
            code: 'invalid',
            field: 'users',
            message: `Could not find user: ${login}`,
          },
        ]);
      }
    }
    for (const slug of names?.teams ?? []) {
      if (!(await teamBySlug(deps, repository.owner, slug))) {
        throw new GitHubError(422, 'Validation Failed', [
          {
            resource: RESOURCE,
            code: 'invalid',
            field: 'teams',
            message: `Could not find team: ${slug}`,
          },
        ]);
      }
    }
  }
}

async function renderActors(
  deps: SettingsDeps,
  urls: Urls,
  repository: RepositoryRecord,
  names: ActorNames,
) {
  const users = [];
  for (const login of names.users) {
    const user = await userByLogin(deps, login);
    if (user) {
      users.push(simpleUser(urls, user));
    }
  }
  const teams = [];
  for (const slug of names.teams) {
    const team = await teamBySlug(deps, repository.owner, slug);
    if (team) {
      teams.push(teamObject(urls, team));
    }
  }
  // Apps are not modelled by the sandbox: they are kept but not shown.
  return { users, teams, apps: [] };
}

function protectionUrl(
  urls: Urls,
  repository: RepositoryRecord,
  branch: string,
) {
  return `${repositoryApiUrl(urls, repository)}/branches/${branch}/protection`;
}

/** GitHub's `branch-protection` object. */
export async function renderProtection(
  deps: SettingsDeps,
  urls: Urls,
  repository: RepositoryRecord,
  protection: BranchProtectionRecord,
) {
  const url = protectionUrl(urls, repository, protection.branch);
  const checks = protection.required_status_checks;
  const reviews = protection.required_pull_request_reviews;
  const restrictions = protection.restrictions;
  return {
    url,
    ...(checks && {
      required_status_checks: {
        url: `${url}/required_status_checks`,
        strict: checks.strict,
        contexts: checks.checks.map(c => c.context),
        checks: checks.checks,
        contexts_url: `${url}/required_status_checks/contexts`,
      },
    }),
    ...(reviews && {
      required_pull_request_reviews: {
        url: `${url}/required_pull_request_reviews`,
        dismiss_stale_reviews: reviews.dismiss_stale_reviews,
        require_code_owner_reviews: reviews.require_code_owner_reviews,
        required_approving_review_count:
          reviews.required_approving_review_count,
        require_last_push_approval: reviews.require_last_push_approval,
        ...(reviews.dismissal_restrictions && {
          dismissal_restrictions: {
            url: `${url}/dismissal_restrictions`,
            users_url: `${url}/dismissal_restrictions/users`,
            teams_url: `${url}/dismissal_restrictions/teams`,
            ...(await renderActors(
              deps,
              urls,
              repository,
              reviews.dismissal_restrictions,
            )),
          },
        }),
        ...(reviews.bypass_pull_request_allowances && {
          bypass_pull_request_allowances: await renderActors(
            deps,
            urls,
            repository,
            reviews.bypass_pull_request_allowances,
          ),
        }),
      },
    }),
    required_signatures: {
      url: `${url}/required_signatures`,
      enabled: protection.required_signatures,
    },
    enforce_admins: {
      url: `${url}/enforce_admins`,
      enabled: protection.enforce_admins,
    },
    required_linear_history: { enabled: protection.required_linear_history },
    allow_force_pushes: { enabled: protection.allow_force_pushes },
    allow_deletions: { enabled: protection.allow_deletions },
    block_creations: { enabled: protection.block_creations },
    required_conversation_resolution: {
      enabled: protection.required_conversation_resolution,
    },
    lock_branch: { enabled: protection.lock_branch },
    allow_fork_syncing: { enabled: protection.allow_fork_syncing },
    ...(restrictions && {
      restrictions: {
        url: `${url}/restrictions`,
        users_url: `${url}/restrictions/users`,
        teams_url: `${url}/restrictions/teams`,
        apps_url: `${url}/restrictions/apps`,
        ...(await renderActors(deps, urls, repository, restrictions)),
      },
    }),
  };
}

/** Branch protection, its admin enforcement and its signature requirement. */
export function branchProtectionRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();
  const base = '/repos/:owner/:repo/branches/:branch/protection';

  /** The repository and branch of the request; 404 "Branch not found" as GitHub says. */
  async function branchOf(req: Request, permission: 'pull' | 'admin') {
    const { repository } = await deps.requireRepository(req, permission);
    const branch = req.params.branch;
    if (!(await deps.branchExists(repository, branch))) {
      throw new GitHubError(404, 'Branch not found');
    }
    const settings = settingsOf(state, repository);
    const index = settings.branch_protection.findIndex(
      p => p.branch === branch,
    );
    return { repository, branch, settings, index };
  }

  async function protectedBranchOf(req: Request, permission: 'pull' | 'admin') {
    const found = await branchOf(req, permission);
    if (found.index < 0) {
      throw new GitHubError(404, 'Branch not protected');
    }
    return {
      ...found,
      protection: found.settings.branch_protection[found.index],
    };
  }

  router.get(
    base,
    route(async (req, res) => {
      const { repository, protection } = await protectedBranchOf(req, 'pull');
      res.json(
        await renderProtection(deps, urlsOf(deps, req), repository, protection),
      );
    }),
  );

  router.put(
    base,
    route(async (req, res) => {
      const { repository, branch, settings, index } = await branchOf(
        req,
        'admin',
      );
      const protection = parseProtection(
        branch,
        bodyOf(req),
        settings.branch_protection[index],
      );
      await checkActorsExist(deps, repository, protection);
      if (index >= 0) {
        settings.branch_protection[index] = protection;
      } else {
        settings.branch_protection.push(protection);
      }
      deps.save();
      res.json(
        await renderProtection(deps, urlsOf(deps, req), repository, protection),
      );
    }),
  );

  router.delete(
    base,
    route(async (req, res) => {
      const { settings, index } = await protectedBranchOf(req, 'admin');
      settings.branch_protection.splice(index, 1);
      deps.save();
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
      repository: RepositoryRecord,
      enabled: boolean,
    ) => ({
      url: `${protectionUrl(
        urlsOf(deps, req),
        repository,
        req.params.branch,
      )}/${path}`,
      enabled,
    });
    router.get(
      `${base}/${path}`,
      route(async (req, res) => {
        const { repository, protection } = await protectedBranchOf(req, 'pull');
        res.json(answer(req, repository, protection[key]));
      }),
    );
    router.post(
      `${base}/${path}`,
      route(async (req, res) => {
        const { repository, protection } = await protectedBranchOf(
          req,
          'admin',
        );
        protection[key] = true;
        deps.save();
        res.json(answer(req, repository, true));
      }),
    );
    router.delete(
      `${base}/${path}`,
      route(async (req, res) => {
        const { protection } = await protectedBranchOf(req, 'admin');
        protection[key] = false;
        deps.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}

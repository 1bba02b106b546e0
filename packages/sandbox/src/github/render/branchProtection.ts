import type { GitHubStore } from '../state/GitHubStore';
import type {
  ActorNames,
  BranchProtectionRecord,
  StoredRepository,
} from '../state/model';
import type { Urls } from '../urls';
import { simpleUser, userAccount } from './accounts';
import { teamJson } from './team';

export function protectionUrl(
  urls: Urls,
  repository: StoredRepository,
  branch: string,
) {
  return `${urls.api}/repos/${repository.owner}/${repository.name}/branches/${branch}/protection`;
}

/** The users and teams an allowance or restriction names, as far as they still exist. */
function actorsJson(
  urls: Urls,
  store: GitHubStore,
  repository: StoredRepository,
  names: ActorNames,
) {
  const org = store.organization(repository.owner);
  return {
    users: names.users.flatMap(login => {
      const user = store.user(login);
      return user ? [simpleUser(urls, userAccount(user))] : [];
    }),
    teams: names.teams.flatMap(slug => {
      const team = org && store.team(org.login, slug);
      return team ? [teamJson(urls, store, org, team)] : [];
    }),
    // Apps are not modelled by the sandbox: they are kept but not shown.
    apps: [],
  };
}

/** GitHub's `branch-protection` object. */
export function branchProtectionJson(
  urls: Urls,
  store: GitHubStore,
  repository: StoredRepository,
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
            ...actorsJson(
              urls,
              store,
              repository,
              reviews.dismissal_restrictions,
            ),
          },
        }),
        ...(reviews.bypass_pull_request_allowances && {
          bypass_pull_request_allowances: actorsJson(
            urls,
            store,
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
        ...actorsJson(urls, store, repository, restrictions),
      },
    }),
  };
}

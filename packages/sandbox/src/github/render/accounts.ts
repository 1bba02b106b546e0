import type { Account, GitHubStore } from '../state/GitHubStore';
import type { OrganizationRecord, UserRecord } from '../state/model';
import type { Urls } from '../urls';

/** What GitHub's `simple-user` says of an account besides its URLs. */
export interface SimpleUserFields {
  login: string;
  id: number;
  node_id: string;
  type: string;
  site_admin: boolean;
}

/** GitHub's `simple-user`, from the few fields it is made of. */
export function simpleUserJson(urls: Urls, user: SimpleUserFields) {
  const { login, id } = user;
  const api = `${urls.api}/users/${login}`;
  return {
    login,
    id,
    node_id: user.node_id,
    avatar_url: `${urls.web}/avatars/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.web}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: user.site_admin,
  };
}

/** GitHub's `simple-user`, for a user or an organization. */
export function simpleUser(urls: Urls, account: Account) {
  const { login, id, node_id } = account.record;
  return simpleUserJson(urls, {
    login,
    id,
    node_id,
    type: account.type,
    site_admin: false,
  });
}

export function userAccount(record: UserRecord): Account {
  return { type: 'User', record };
}

export function organizationAccount(record: OrganizationRecord): Account {
  return { type: 'Organization', record };
}

/** GitHub's `public-user`, which `GET /users/:username` also answers for organizations. */
export function publicUser(urls: Urls, store: GitHubStore, account: Account) {
  const { record } = account;
  const isUser = account.type === 'User';
  return {
    ...simpleUser(urls, account),
    name: record.name,
    company: null,
    blog: '',
    location: null,
    email: isUser ? (record as UserRecord).email : null,
    hireable: null,
    bio: isUser ? null : (record as OrganizationRecord).description,
    twitter_username: null,
    public_repos: store
      .repositoriesOwnedBy(record.login)
      .filter(repo => repo.visibility === 'public').length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: record.created_at,
    updated_at: record.updated_at,
  };
}

/** GitHub's `private-user`: the authenticated user's own view. */
export function privateUser(urls: Urls, store: GitHubStore, user: UserRecord) {
  const owned = store.repositoriesOwnedBy(user.login);
  const privateCount = owned.filter(r => r.visibility !== 'public').length;
  return {
    ...publicUser(urls, store, userAccount(user)),
    notification_email: user.email,
    private_gists: 0,
    total_private_repos: privateCount,
    owned_private_repos: privateCount,
    disk_usage: owned.reduce((sum, repo) => sum + repo.size, 0),
    collaborators: 0,
    two_factor_authentication: false,
    plan: {
      name: 'enterprise',
      space: 976562499,
      collaborators: 0,
      private_repos: 9999,
    },
  };
}

/** GitHub's `organization-simple`. */
export function organizationSimple(urls: Urls, org: OrganizationRecord) {
  const api = `${urls.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: org.node_id,
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${urls.web}/avatars/u/${org.id}`,
    description: org.description,
  };
}

/** GitHub's `organization-full`; the settings part only for members. */
export function organizationFull(
  urls: Urls,
  store: GitHubStore,
  org: OrganizationRecord,
  isMember: boolean,
) {
  const repositories = store.repositoriesOwnedBy(org.login);
  const privateCount = repositories.filter(
    r => r.visibility !== 'public',
  ).length;
  return {
    ...organizationSimple(urls, org),
    name: org.name ?? org.login,
    twitter_username: null,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: repositories.length - privateCount,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: `${urls.web}/${org.login}`,
    type: 'Organization',
    created_at: org.created_at,
    updated_at: org.updated_at,
    archived_at: null,
    ...(isMember
      ? {
          total_private_repos: privateCount,
          owned_private_repos: privateCount,
          private_gists: 0,
          disk_usage: repositories.reduce((sum, repo) => sum + repo.size, 0),
          collaborators: 0,
          billing_email: null,
          default_repository_permission: org.default_repository_permission,
          members_can_create_repositories: org.members_can_create_repositories,
          two_factor_requirement_enabled: false,
          members_allowed_repository_creation_type:
            org.members_can_create_repositories ? 'all' : 'none',
          members_can_create_public_repositories:
            org.members_can_create_repositories,
          members_can_create_private_repositories:
            org.members_can_create_repositories,
          members_can_create_internal_repositories:
            org.members_can_create_repositories,
          members_can_create_teams: true,
        }
      : {}),
  };
}

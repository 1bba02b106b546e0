import { atLeast, permissionOf } from '../permissions';
import type { GitHubStore } from '../state/GitHubStore';
import type { StoredRepository } from '../state/model';
import type {
  IssueRecord,
  LabelRecord,
  RepositoryObjects,
} from '../state/repositoryObjects';
import { encodePath, type Urls } from '../urls';
import { simpleUser, userAccount } from './accounts';
import { repositoryJson } from './repository';
import { teamSimple } from './team';

function repoApi(urls: Urls, repo: StoredRepository) {
  return `${urls.api}/repos/${repo.owner}/${repo.name}`;
}

export function labelJson(
  urls: Urls,
  repo: StoredRepository,
  label: LabelRecord,
) {
  return {
    id: label.id,
    node_id: label.node_id,
    url: `${repoApi(urls, repo)}/labels/${encodePath(label.name)}`,
    name: label.name,
    description: label.description,
    color: label.color,
    default: label.default,
  };
}

/** A user by login as `simple-user`; a login nobody has any more shows as ghost. */
function userJson(urls: Urls, store: GitHubStore, login: string) {
  const user = store.user(login) ?? store.ensureUser('ghost');
  return simpleUser(urls, userAccount(user));
}

/** GitHub's `author_association` of a user on a repository. */
function association(
  store: GitHubStore,
  repo: StoredRepository,
  login: string,
): string {
  if (login.toLowerCase() === repo.owner.toLowerCase()) {
    return 'OWNER';
  }
  const org = store.organization(repo.owner);
  if (org?.members[login.toLowerCase()]) {
    return 'MEMBER';
  }
  return atLeast(permissionOf(store, login, repo), 'push')
    ? 'COLLABORATOR'
    : 'NONE';
}

/** The fields issues and pull requests share. */
function issueFields(
  urls: Urls,
  store: GitHubStore,
  repo: StoredRepository,
  objects: RepositoryObjects,
  issue: IssueRecord,
) {
  const api = `${repoApi(urls, repo)}/issues/${issue.number}`;
  const assignees = issue.assignees.map(login => userJson(urls, store, login));
  return {
    id: issue.id,
    node_id: issue.node_id,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: userJson(urls, store, issue.user),
    body: issue.body,
    labels: issue.labels.flatMap(id => {
      const label = objects.labels.find(l => l.id === id);
      return label ? [labelJson(urls, repo, label)] : [];
    }),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    author_association: association(store, repo, issue.user),
    comments_url: `${api}/comments`,
  };
}

function issueApi(urls: Urls, repo: StoredRepository, issue: IssueRecord) {
  return `${repoApi(urls, repo)}/issues/${issue.number}`;
}

/** GitHub's `issue`; a pull request shows as an issue with `pull_request`. */
export function issueJson(
  urls: Urls,
  store: GitHubStore,
  repo: StoredRepository,
  objects: RepositoryObjects,
  issue: IssueRecord,
) {
  const fields = issueFields(urls, store, repo, objects, issue);
  const api = issueApi(urls, repo, issue);
  const web = `${urls.web}/${repo.owner}/${repo.name}`;
  const pull = issue.pull
    ? {
        pull_request: {
          url: `${repoApi(urls, repo)}/pulls/${issue.number}`,
          html_url: `${web}/pull/${issue.number}`,
          diff_url: `${web}/pull/${issue.number}.diff`,
          patch_url: `${web}/pull/${issue.number}.patch`,
          merged_at: null,
        },
        draft: issue.pull.draft,
      }
    : {};
  return {
    ...fields,
    url: api,
    repository_url: repoApi(urls, repo),
    labels_url: `${api}/labels{/name}`,
    events_url: `${api}/events`,
    html_url: `${web}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    state_reason: issue.state_reason,
    comments: 0,
    closed_by: issue.closed_by ? userJson(urls, store, issue.closed_by) : null,
    ...pull,
  };
}

/** What a pull request's diff counts, for `pull-request` only. */
export interface PullStats {
  commits: number;
  additions: number;
  deletions: number;
  changed_files: number;
}

/**
 * GitHub's `pull-request-simple`, or `pull-request` when `stats` are given.
 * `headSha`/`baseSha` are the branches' current heads (the stored ones once
 * a branch is gone).
 */
export function pullJson(
  urls: Urls,
  store: GitHubStore,
  repo: StoredRepository,
  objects: RepositoryObjects,
  issue: IssueRecord,
  shas: { head: string; base: string },
  stats?: PullStats,
) {
  const pull = issue.pull!;
  const fields = issueFields(urls, store, repo, objects, issue);
  const issue_url = issueApi(urls, repo, issue);
  const api = `${repoApi(urls, repo)}/pulls/${issue.number}`;
  const web = `${urls.web}/${repo.owner}/${repo.name}/pull/${issue.number}`;
  const owner = store.account(repo.owner)!;
  const branch = (ref: string, sha: string) => ({
    label: `${repo.owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(urls, owner),
    // The `repository` schema of a pull request's branches has no null token.
    repo: { ...repositoryJson(urls, store, repo), temp_clone_token: undefined },
  });
  const org = store.organization(repo.owner);
  const link = (href: string) => ({ href });
  return {
    url: api,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    issue_url,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(urls, repo)}/pulls/comments{/number}`,
    statuses_url: `${repoApi(urls, repo)}/statuses/${shas.head}`,
    ...fields,
    requested_reviewers: pull.requested_reviewers.map(login =>
      userJson(urls, store, login),
    ),
    requested_teams: pull.requested_teams.flatMap(id => {
      const team = store.teamById(id);
      if (!team || !org) {
        return [];
      }
      // Lists describe teams with their parent, single pull requests without.
      const parent = store.teamById(team.parent_id);
      return [
        {
          ...teamSimple(urls, org, team),
          parent: parent ? teamSimple(urls, org, parent) : null,
        },
      ];
    }),
    head: branch(pull.head, shas.head),
    base: branch(pull.base, shas.base),
    _links: {
      self: link(api),
      html: link(web),
      issue: link(issue_url),
      comments: link(fields.comments_url),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${repoApi(urls, repo)}/pulls/comments{/number}`),
      commits: link(`${api}/commits`),
      statuses: link(`${repoApi(urls, repo)}/statuses/${shas.head}`),
    },
    draft: pull.draft,
    merged_at: null,
    merge_commit_sha: null,
    auto_merge: null,
    ...(stats
      ? {
          merged: false,
          mergeable: issue.state === 'open' ? true : null,
          rebaseable: issue.state === 'open' ? true : null,
          mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
          merged_by: null,
          comments: 0,
          review_comments: 0,
          maintainer_can_modify: pull.maintainer_can_modify,
          ...stats,
        }
      : {}),
  };
}

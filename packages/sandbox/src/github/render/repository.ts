import { propertyValuesOf } from '../customProperties';
import { permissionsJson } from '../permissions';
import type { GitHubStore } from '../state/GitHubStore';
import type { StoredRepository } from '../state/model';
import type { RepositoryPermission } from '../types';
import type { Urls } from '../urls';
import { simpleUser } from './accounts';

/**
 * GitHub's repository JSON (`full-repository`), with `permissions` for the
 * caller when known. `clone_url` is the sandbox's git smart HTTP endpoint.
 */
export function repositoryJson(
  urls: Urls,
  store: GitHubStore,
  repo: StoredRepository,
  permission?: RepositoryPermission,
) {
  const fullName = `${repo.owner}/${repo.name}`;
  const api = `${urls.api}/repos/${fullName}`;
  const html = `${urls.web}/${fullName}`;
  const owner = store.account(repo.owner)!;
  const host = new URL(urls.web).host;
  return {
    id: repo.id,
    node_id: repo.node_id,
    name: repo.name,
    full_name: fullName,
    private: repo.visibility !== 'public',
    owner: simpleUser(urls, owner),
    html_url: html,
    description: repo.description,
    fork: false,
    url: api,
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    pushed_at: repo.pushed_at ?? repo.created_at,
    git_url: `git://${host}/${fullName}.git`,
    ssh_url: `git@${host}:${fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: repo.homepage,
    size: repo.size,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: repo.has_issues,
    has_projects: repo.has_projects,
    has_downloads: true,
    has_wiki: repo.has_wiki,
    has_pages: false,
    has_discussions: repo.extras.has_discussions,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: 0,
    license: null,
    allow_forking: repo.extras.allow_forking,
    is_template: repo.extras.is_template,
    web_commit_signoff_required: repo.extras.web_commit_signoff_required,
    topics: repo.topics,
    visibility: repo.visibility,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    default_branch: repo.default_branch,
    ...(permission !== undefined
      ? { permissions: permissionsJson(permission) }
      : {}),
    allow_squash_merge: repo.allow_squash_merge,
    allow_merge_commit: repo.allow_merge_commit,
    allow_rebase_merge: repo.allow_rebase_merge,
    allow_auto_merge: repo.allow_auto_merge,
    delete_branch_on_merge: repo.delete_branch_on_merge,
    allow_update_branch: repo.extras.allow_update_branch,
    use_squash_pr_title_as_default: repo.extras.use_squash_pr_title_as_default,
    squash_merge_commit_title: repo.extras.squash_merge_commit_title,
    squash_merge_commit_message: repo.extras.squash_merge_commit_message,
    merge_commit_title: repo.extras.merge_commit_title,
    merge_commit_message: repo.extras.merge_commit_message,
    temp_clone_token: null,
    ...(owner.type === 'Organization'
      ? { organization: simpleUser(urls, owner) }
      : {}),
    custom_properties: { ...propertyValuesOf(store, repo.id) },
    network_count: 0,
    subscribers_count: 0,
  };
}

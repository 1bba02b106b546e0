import type { GitHubStore } from '../state/GitHubStore';
import type { OrganizationRecord, TeamRecord } from '../state/model';
import type { Urls } from '../urls';
import { organizationFull } from './accounts';

function teamUrls(urls: Urls, org: OrganizationRecord, team: TeamRecord) {
  return {
    url: `${urls.api}/organizations/${org.id}/team/${team.id}`,
    html_url: `${urls.web}/orgs/${org.login}/teams/${team.slug}`,
    members_url: `${urls.api}/organizations/${org.id}/team/${team.id}/members{/member}`,
    repositories_url: `${urls.api}/organizations/${org.id}/team/${team.id}/repos`,
  };
}

/** GitHub's `team-simple` (a parent) and the base of `team`. */
export function teamSimple(
  urls: Urls,
  org: OrganizationRecord,
  team: TeamRecord,
) {
  return {
    id: team.id,
    node_id: team.node_id,
    ...teamUrls(urls, org, team),
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: team.notification_setting,
    permission: 'pull',
    type: 'organization',
    organization_id: org.id,
  };
}

/** GitHub's `team`, as lists return it; `permission` is the team's on a repository where given. */
export function teamJson(
  urls: Urls,
  store: GitHubStore,
  org: OrganizationRecord,
  team: TeamRecord,
  permission?: string,
) {
  const parent = store.teamById(team.parent_id);
  return {
    ...teamSimple(urls, org, team),
    ...(permission ? { permission } : {}),
    parent: parent ? teamSimple(urls, org, parent) : null,
  };
}

/** GitHub's `team-full`. */
export function teamFull(
  urls: Urls,
  store: GitHubStore,
  org: OrganizationRecord,
  team: TeamRecord,
) {
  return {
    ...teamJson(urls, store, org, team),
    members_count: Object.keys(team.members).length,
    repos_count: Object.keys(team.repositories).length,
    created_at: team.created_at,
    updated_at: team.updated_at,
    organization: organizationFull(urls, store, org, true),
  };
}

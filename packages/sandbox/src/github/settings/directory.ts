import { simpleUserJson } from '../render/accounts';
import type { RepositoryRecord, RepositorySettingsDeps } from '../types';
import { nodeId, type Urls } from './rest';

type Awaitable<T> = T | Promise<T>;

/** What the settings routes need to know of a user. */
export interface DirectoryUser {
  id: number;
  login: string;
  node_id?: string;
  type?: 'User' | 'Organization' | 'Bot';
  site_admin?: boolean;
}

/** What the settings routes need to know of a team. */
export interface DirectoryTeam {
  id: number;
  org: string;
  slug: string;
  name: string;
  node_id?: string;
  description?: string | null;
  privacy?: 'closed' | 'secret';
  permission?: string;
}

/**
 * Look-ups the server core can offer beyond RepositorySettingsDeps. Each is
 * optional: without them, users and teams named in settings are accepted
 * unchecked and shown by name only, and the `/repositories/:id` alias is not
 * served.
 */
export interface SettingsDirectory {
  userByLogin?(login: string): Awaitable<DirectoryUser | undefined>;
  userById?(id: number): Awaitable<DirectoryUser | undefined>;
  teamBySlug?(org: string, slug: string): Awaitable<DirectoryTeam | undefined>;
  teamById?(id: number): Awaitable<DirectoryTeam | undefined>;
  /**
   * For GitHub's `/repositories/:id/...` alias: Octokit 19 sends environment
   * secrets and variables there.
   */
  repositoryById?(id: number): Awaitable<RepositoryRecord | undefined>;
}

/** The contract's deps, plus the optional directory. */
export type SettingsDeps = RepositorySettingsDeps & {
  directory?: SettingsDirectory;
};

/** GitHub's `simple-user` object. */
export function simpleUser(urls: Urls, user: DirectoryUser) {
  return simpleUserJson(urls, {
    login: user.login,
    id: user.id,
    node_id: user.node_id ?? nodeId('User', user.id),
    type: user.type ?? 'User',
    site_admin: user.site_admin ?? false,
  });
}

/** GitHub's `team` object. */
export function teamObject(urls: Urls, team: DirectoryTeam) {
  const api = `${urls.api}/orgs/${team.org}/teams/${team.slug}`;
  return {
    id: team.id,
    node_id: team.node_id ?? nodeId('Team', team.id),
    url: api,
    html_url: `${urls.web}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description ?? null,
    privacy: team.privacy ?? 'closed',
    notification_setting: 'notifications_enabled',
    permission: team.permission ?? 'pull',
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    parent: null,
    type: 'organization',
  };
}

/** A user by login, or a stand-in when the core offers no directory. */
export async function userByLogin(
  deps: SettingsDeps,
  login: string,
): Promise<DirectoryUser | undefined> {
  const lookup = deps.directory?.userByLogin;
  return lookup ? await lookup(login) : { id: 0, login };
}

/** A team by slug, or a stand-in when the core offers no directory. */
export async function teamBySlug(
  deps: SettingsDeps,
  org: string,
  slug: string,
): Promise<DirectoryTeam | undefined> {
  const lookup = deps.directory?.teamBySlug;
  return lookup ? await lookup(org, slug) : { id: 0, org, slug, name: slug };
}

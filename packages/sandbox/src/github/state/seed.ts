import { nodeId } from '../nodeIds';
import { loginKey, type GitHubStore } from './GitHubStore';
import type { OrganizationRole } from './model';

/** A user the sandbox knows from the start. */
export interface GitHubUserOptions {
  login: string;
  name?: string;
  email?: string;
}

/** An organization, its members and teams; added to what a previous run kept. */
export interface GitHubOrganizationOptions {
  login: string;
  name?: string;
  description?: string;
  members?: Array<{ login: string; role: OrganizationRole }>;
  teams?: Array<{
    slug: string;
    name?: string;
    description?: string;
    privacy?: 'closed' | 'secret';
    /** Logins; they join the organization too when they are not in it. */
    members?: string[];
    maintainers?: string[];
  }>;
}

export function seedUser(store: GitHubStore, options: GitHubUserOptions) {
  const user = store.ensureUser(options.login);
  user.name = options.name ?? user.name;
  user.email = options.email ?? user.email;
  return user;
}

/**
 * Makes the organization match the options without dropping anything a
 * previous run added: roles given here win, other members and teams stay.
 */
export function seedOrganization(
  store: GitHubStore,
  options: GitHubOrganizationOptions,
) {
  const org = store.ensureOrganization(options.login);
  org.name = options.name ?? org.name;
  org.description = options.description ?? org.description;
  for (const member of options.members ?? []) {
    store.ensureUser(member.login);
    org.members[loginKey(member.login)] = member.role;
  }
  for (const teamOptions of options.teams ?? []) {
    const slug = teamOptions.slug.toLowerCase();
    let team = store.team(org.login, slug);
    if (!team) {
      const id = store.allocateId();
      const now = new Date().toISOString();
      team = {
        id,
        node_id: nodeId('Team', id),
        org: loginKey(org.login),
        slug,
        name: teamOptions.name ?? teamOptions.slug,
        description: teamOptions.description ?? null,
        privacy: teamOptions.privacy ?? 'closed',
        notification_setting: 'notifications_enabled',
        parent_id: null,
        members: {},
        repositories: {},
        created_at: now,
        updated_at: now,
      };
      store.data.teams[String(id)] = team;
    }
    const join = (login: string, role: 'member' | 'maintainer') => {
      store.ensureUser(login);
      const who = loginKey(login);
      org.members[who] = org.members[who] ?? 'member';
      team!.members[who] = role;
    };
    (teamOptions.members ?? []).forEach(login => join(login, 'member'));
    (teamOptions.maintainers ?? []).forEach(login => join(login, 'maintainer'));
  }
  return org;
}

import type { RepositoryPermission } from '../types';
import type {
  GitHubStateData,
  OrganizationRecord,
  StoredRepository,
  TeamRecord,
  UserRecord,
} from './model';
import { nodeId } from '../nodeIds';
import { writeStateFile } from './stateFile';

export type Account =
  | { type: 'User'; record: UserRecord }
  | { type: 'Organization'; record: OrganizationRecord };

const key = (login: string) => login.toLowerCase();

/**
 * The users, organizations, teams and repositories of the sandbox, with the
 * look-ups the routes share. GitHub compares logins and names without case.
 */
export class GitHubStore {
  constructor(readonly data: GitHubStateData, private readonly file: string) {}

  /** Call after every change. */
  save() {
    writeStateFile(this.file, this.data);
  }

  allocateId(): number {
    return this.data.nextId++;
  }

  user(login: string): UserRecord | undefined {
    return this.data.users[key(login)];
  }

  organization(login: string): OrganizationRecord | undefined {
    return this.data.organizations[key(login)];
  }

  account(login: string): Account | undefined {
    const org = this.organization(login);
    if (org) {
      return { type: 'Organization', record: org };
    }
    const user = this.user(login);
    return user ? { type: 'User', record: user } : undefined;
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    return Object.values(this.data.users).find(
      user => user.email?.toLowerCase() === wanted,
    );
  }

  userById(id: number): UserRecord | undefined {
    return Object.values(this.data.users).find(user => user.id === id);
  }

  ensureUser(login: string): UserRecord {
    const existing = this.user(login);
    if (existing) {
      return existing;
    }
    const id = this.allocateId();
    const now = new Date().toISOString();
    const user: UserRecord = {
      id,
      node_id: nodeId('User', id),
      login,
      name: null,
      email: null,
      created_at: now,
      updated_at: now,
    };
    this.data.users[key(login)] = user;
    return user;
  }

  ensureOrganization(login: string): OrganizationRecord {
    const existing = this.organization(login);
    if (existing) {
      return existing;
    }
    if (this.user(login)) {
      throw new Error(`'${login}' is already a user, not an organization`);
    }
    const id = this.allocateId();
    const now = new Date().toISOString();
    const org: OrganizationRecord = {
      id,
      node_id: nodeId('Organization', id),
      login,
      name: null,
      description: null,
      default_repository_permission: 'read',
      members_can_create_repositories: true,
      members: {},
      created_at: now,
      updated_at: now,
    };
    this.data.organizations[key(login)] = org;
    return org;
  }

  organizationsOf(login: string): OrganizationRecord[] {
    return Object.values(this.data.organizations).filter(
      org => org.members[key(login)],
    );
  }

  repository(owner: string, name: string): StoredRepository | undefined {
    const o = key(owner);
    const n = key(name);
    return Object.values(this.data.repositories).find(
      repo => key(repo.owner) === o && key(repo.name) === n,
    );
  }

  repositoryById(id: number | string): StoredRepository | undefined {
    return this.data.repositories[String(id)];
  }

  /** Where a renamed repository went, for GitHub's redirects. */
  redirect(owner: string, name: string): StoredRepository | undefined {
    const id = this.data.redirects[`${key(owner)}/${key(name)}`];
    return id === undefined ? undefined : this.repositoryById(id);
  }

  repositoriesOwnedBy(login: string): StoredRepository[] {
    return Object.values(this.data.repositories).filter(
      repo => key(repo.owner) === key(login),
    );
  }

  allRepositories(): StoredRepository[] {
    return Object.values(this.data.repositories);
  }

  teams(org: string): TeamRecord[] {
    return Object.values(this.data.teams).filter(team => team.org === key(org));
  }

  team(org: string, slug: string): TeamRecord | undefined {
    return this.teams(org).find(team => team.slug === key(slug));
  }

  teamById(id: number | null): TeamRecord | undefined {
    return id === null ? undefined : this.data.teams[String(id)];
  }

  /** Teams the user belongs to, directly or through a child team. */
  teamsOf(login: string): TeamRecord[] {
    const found = new Map<number, TeamRecord>();
    for (const team of Object.values(this.data.teams)) {
      if (!team.members[key(login)]) {
        continue;
      }
      for (
        let current: TeamRecord | undefined = team;
        current && !found.has(current.id);
        current = this.teamById(current.parent_id)
      ) {
        found.set(current.id, current);
      }
    }
    return [...found.values()];
  }

  /** Teams granted access to a repository, with the permission each grants. */
  teamsWithAccess(
    repository: StoredRepository,
  ): Array<{ team: TeamRecord; permission: RepositoryPermission }> {
    return Object.values(this.data.teams).flatMap(team => {
      const permission = team.repositories[String(repository.id)];
      return permission ? [{ team, permission }] : [];
    });
  }

  /** Drops the repository, its objects and settings, and every grant that named it. */
  deleteRepository(repository: StoredRepository) {
    const id = String(repository.id);
    delete this.data.repositories[id];
    delete this.data.objects?.[id];
    delete this.data.settings[id];
    delete this.data.propertyValues?.[id];
    for (const team of Object.values(this.data.teams)) {
      delete team.repositories[id];
    }
    for (const [from, to] of Object.entries(this.data.redirects)) {
      if (to === repository.id) {
        delete this.data.redirects[from];
      }
    }
  }

  /** Takes a user out of an organization and all of its teams. */
  removeMember(org: OrganizationRecord, login: string) {
    delete org.members[key(login)];
    for (const team of this.teams(org.login)) {
      delete team.members[key(login)];
    }
  }
}

export { key as loginKey };

import type { Request } from 'express';
import {
  GitHubError,
  type RepositoryAccess,
  type RepositoryPermission,
  type RepositoryRecord,
} from '../../types';
import { atLeast } from '../../permissions';
import type { DirectoryTeam, DirectoryUser, SettingsDeps } from '../directory';

/** A repository the fake core serves, with its branches and who may do what. */
export interface FakeRepository {
  record: RepositoryRecord;
  /** Branch name to head sha. */
  branches: Record<string, string>;
  /** Login to permission; owners of the repository are admins. */
  permissions: Record<string, RepositoryPermission>;
}

export function repositoryRecord(
  id: number,
  owner: string,
  name: string,
  visibility: RepositoryRecord['visibility'] = 'private',
): RepositoryRecord {
  const timestamp = '2024-01-01T00:00:00Z';
  return {
    id,
    node_id: `R_${id}`,
    owner,
    name,
    description: null,
    homepage: null,
    visibility,
    default_branch: 'main',
    archived: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    created_at: timestamp,
    updated_at: timestamp,
    pushed_at: null,
  };
}

/**
 * The seam the settings router needs from the server core, answered from
 * memory: tokens, repositories, branches, users and teams.
 */
export class FakeServerCore {
  readonly repositories: FakeRepository[] = [];
  readonly tokens = new Map<string, string>();
  readonly users: DirectoryUser[] = [];
  readonly teams: DirectoryTeam[] = [];
  saves = 0;

  addRepository(repository: FakeRepository) {
    this.repositories.push(repository);
    return repository;
  }

  private find(owner: string, name: string) {
    return this.repositories.find(
      r =>
        r.record.owner.toLowerCase() === owner.toLowerCase() &&
        r.record.name.toLowerCase() === name.toLowerCase(),
    );
  }

  private callerOf(req: Request): string {
    const header = req.headers.authorization;
    if (!header) {
      throw new GitHubError(401, 'Requires authentication');
    }
    const token = header.replace(/^(token|bearer)\s+/i, '');
    const login = this.tokens.get(token);
    if (!login) {
      throw new GitHubError(401, 'Bad credentials');
    }
    return login;
  }

  deps(): SettingsDeps {
    return {
      requireRepository: async (
        req: Request,
        permission: RepositoryPermission,
      ): Promise<RepositoryAccess> => {
        const login = this.callerOf(req);
        const repository = this.find(req.params.owner, req.params.repo);
        if (!repository) {
          throw new GitHubError(404, 'Not Found');
        }
        const held =
          repository.record.owner === login
            ? 'admin'
            : repository.permissions[login];
        if (!held && repository.record.visibility !== 'public') {
          throw new GitHubError(404, 'Not Found');
        }
        // Anyone may pull a public repository.
        if (!atLeast(held ?? 'pull', permission)) {
          throw new GitHubError(
            403,
            `Must have ${permission} rights to Repository.`,
          );
        }
        return { login, repository: repository.record };
      },
      resolveCommit: async (record, ref) => {
        const repository = this.repositories.find(
          r => r.record.id === record.id,
        );
        const branch = ref.replace(/^refs\/heads\//, '');
        const sha = repository?.branches[branch];
        if (sha) {
          return sha;
        }
        return Object.values(repository?.branches ?? {}).find(s => s === ref);
      },
      branchExists: async (record, branch) =>
        Boolean(
          this.repositories.find(r => r.record.id === record.id)?.branches[
            branch
          ],
        ),
      baseUrl: req => `${req.protocol}://${req.get('host')}`,
      save: () => {
        this.saves += 1;
      },
      directory: {
        userByLogin: login => this.users.find(u => u.login === login),
        userById: id => this.users.find(u => u.id === id),
        teamBySlug: (org, slug) =>
          this.teams.find(t => t.org === org && t.slug === slug),
        teamById: id => this.teams.find(t => t.id === id),
        repositoryById: id =>
          this.repositories.find(r => r.record.id === id)?.record,
      },
    };
  }
}

import { ConflictError } from '@backstage/errors';
import { explainGitHubError, statusOf } from '../../client/errors';
import type { DesiredRepository } from '../../standard/desiredRepository';
import type { RepositoryTarget } from '../../reconcile/types';
import { scopesFrom } from './workflowScope';

/** The fields of a repository the actions read. */
export interface RepositoryState {
  html_url: string;
  clone_url: string;
  default_branch: string;
  archived: boolean;
  topics: string[];
  /** The organisation custom properties set on it, by name. */
  custom_properties: Record<string, unknown>;
  [field: string]: unknown;
}

export function stateOf(data: any): RepositoryState {
  return {
    html_url: data.html_url,
    clone_url: data.clone_url,
    default_branch: data.default_branch,
    archived: Boolean(data.archived),
    topics: data.topics ?? [],
    custom_properties: data.custom_properties ?? {},
    visibility: data.visibility,
    description: data.description,
    allow_squash_merge: data.allow_squash_merge,
    allow_merge_commit: data.allow_merge_commit,
    allow_rebase_merge: data.allow_rebase_merge,
    delete_branch_on_merge: data.delete_branch_on_merge,
  };
}

/** GitHub's messages of a failed call, its errors' included. */
function messagesOf(error: unknown): string {
  const data = (error as any)?.response?.data;
  return [
    data?.message,
    ...(data?.errors ?? []).map((e: any) => e?.message ?? e?.code),
  ].join(' ');
}

/**
 * The repository (undefined when there is none of that name), and the
 * token's scopes as GitHub told them with the answer (see `scopesFrom`).
 */
export async function lookUpRepository(target: RepositoryTarget): Promise<{
  repository?: RepositoryState;
  scopes?: string[];
}> {
  const { octokit, owner, repo, host } = target;
  try {
    const { data, headers } = await octokit.rest.repos.get({ owner, repo });
    return { repository: stateOf(data), scopes: scopesFrom(headers) };
  } catch (error) {
    if (statusOf(error) === 404) {
      return { scopes: scopesFrom((error as any)?.response?.headers) };
    }
    throw explainGitHubError(error, `Reading ${owner}/${repo}`, host);
  }
}

/** The repository, or undefined when there is none of that name. */
export async function findRepository(
  target: RepositoryTarget,
): Promise<RepositoryState | undefined> {
  return (await lookUpRepository(target)).repository;
}

/** Whether a branch exists; false in an empty repository. */
export async function branchExists(
  target: RepositoryTarget,
  branch: string,
): Promise<boolean> {
  const { octokit, owner, repo, host } = target;
  try {
    await octokit.rest.repos.getBranch({ owner, repo, branch });
    return true;
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw explainGitHubError(
      error,
      `Reading the branch ${branch} of ${owner}/${repo}`,
      host,
    );
  }
}

/**
 * Where the standard's default branch stands: there; renamed (absent, but
 * the repository's default branch has another name: `renameFrom`); or
 * missing, the repository empty and waiting for its first push.
 */
export async function defaultBranchOf(
  target: RepositoryTarget,
  wanted: string,
  current: string | undefined,
): Promise<{ exists: boolean; renameFrom?: string }> {
  if (await branchExists(target, wanted)) return { exists: true };
  if (current && current !== wanted && (await branchExists(target, current))) {
    return { exists: false, renameFrom: current };
  }
  return { exists: false };
}

/**
 * Refuses a repository the portal did not create for this entity: it must
 * carry the entity's marker property (or, made before the property was
 * used, its marker topic). Nothing of it has been changed yet.
 */
export function requireMarker(
  target: RepositoryTarget,
  state: RepositoryState,
  desired: Pick<DesiredRepository, 'marker' | 'markerProperty'>,
  entityRef: string,
  prefix: string,
  doing: string,
) {
  const { name, value } = desired.markerProperty;
  const property = state.custom_properties[name];
  if (property === value) return;
  if (property === undefined || property === null) {
    if (state.topics.includes(desired.marker)) return;
  }
  const topic = state.topics.find(t => t.startsWith(prefix));
  let other = '';
  if (property !== undefined && property !== null) {
    other = ` (its custom property '${name}' is ${JSON.stringify(
      property,
    )}, the marker of another entity)`;
  } else if (topic) {
    other = ` (it carries the topic '${topic}', the marker of another entity)`;
  }
  throw new ConflictError(
    `The repository ${target.owner}/${target.repo} on ${target.host} was not created by the portal for ${entityRef}: its custom property '${name}' is not '${value}'${other}. Nothing of it was changed. ${doing}`,
  );
}

/**
 * Creates the repository with its marker property in the same call, so no
 * repository of the portal ever exists unmarked and a retry adopts it. When
 * the name was taken a moment ago (another task with the same request, or
 * this one's create whose answer was lost), the repository found is
 * returned instead, for the caller to check its marker.
 */
export async function createRepository(
  target: RepositoryTarget,
  desired: DesiredRepository,
  fields: Record<string, unknown>,
): Promise<{ state: RepositoryState; created: boolean }> {
  const { octokit, owner, repo, host } = target;
  const { name, value } = desired.markerProperty;
  let data: any;
  try {
    ({ data } = await octokit.rest.repos.createInOrg({
      org: owner,
      name: repo,
      ...(fields as any),
      custom_properties: { [name]: value },
    }));
  } catch (error) {
    if (statusOf(error) === 422 && /already exists/i.test(messagesOf(error))) {
      const found = await findRepository(target);
      if (found) return { state: found, created: false };
      throw new ConflictError(
        `The name ${owner}/${repo} is taken on ${host} by a repository the integration cannot see. Choose another name for the service.`,
      );
    }
    throw explainGitHubError(error, `Creating ${owner}/${repo}`, host);
  }
  const state = stateOf(data);
  return {
    state: {
      ...state,
      custom_properties: { ...state.custom_properties, [name]: value },
    },
    created: true,
  };
}

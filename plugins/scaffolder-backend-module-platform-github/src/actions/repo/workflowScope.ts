import { NotAllowedError } from '@backstage/errors';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Where GitHub Actions workflows live; pushing them needs the `workflow` scope. */
const WORKFLOWS_FOLDER = '.github/workflows';

/**
 * The scopes of a classic personal access token or an OAuth token, from the
 * `X-OAuth-Scopes` header GitHub sends with each answer to one. Undefined for
 * credentials it sends none for (GitHub Apps, fine-grained tokens), whose
 * permissions are only known when used.
 */
export function scopesFrom(
  headers: Record<string, unknown> | undefined,
): string[] | undefined {
  const value = headers?.['x-oauth-scopes'];
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map(scope => scope.trim())
    .filter(Boolean);
}

/** The workflow files a push of `dir` would create, relative to it. */
async function workflowFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(dir, WORKFLOWS_FOLDER), {
      withFileTypes: true,
    });
    return entries
      .filter(entry => entry.isFile())
      .map(entry => `${WORKFLOWS_FOLDER}/${entry.name}`)
      .sort();
  } catch {
    return [];
  }
}

/**
 * Refuses, before anything is created or pushed, what GitHub would refuse a
 * token whose scopes it told: creating a repository without `repo`
 * (`public_repo` for a public one), and pushing workflows without
 * `workflow`. Every missing scope is named at once. Credentials whose scopes
 * GitHub does not tell are left to the calls, whose refusals are explained
 * then. `creating: false` checks the push alone, into a repository that
 * exists; `outcome` says what is left, e.g. `Nothing was created.`
 */
export async function requireScopes(options: {
  scopes?: string[];
  visibility: string;
  dir: string;
  doing: string;
  host: string;
  creating?: boolean;
  outcome?: string;
}): Promise<void> {
  const { scopes, visibility, dir, doing, host } = options;
  const creating = options.creating ?? true;
  if (!scopes) return;
  const missing: string[] = [];
  const needs: string[] = [];
  const canCreate =
    scopes.includes('repo') ||
    (visibility === 'public' && scopes.includes('public_repo'));
  if (creating && !canCreate) {
    missing.push('repo');
    needs.push(`to create a ${visibility} repository`);
  }
  const workflows = await workflowFiles(dir);
  if (workflows.length > 0 && !scopes.includes('workflow')) {
    missing.push('workflow');
    needs.push(`to create ${workflows.join(', ')}`);
  }
  if (missing.length === 0) return;
  const named = missing.map(scope => `\`${scope}\``).join(' and ');
  const permissions = creating
    ? 'the Administration and Workflows permissions'
    : 'the Workflows permission';
  throw new NotAllowedError(
    `${doing} needs the ${named} scope${
      missing.length > 1 ? 's' : ''
    }, which GitHub requires ${needs.join(
      ' and ',
    )}; the token of the integration for ${host} has ${
      scopes.length ? scopes.join(', ') : 'no scope'
    }. Give the token ${
      missing.length > 1 ? 'these scopes' : 'that scope'
    } (a GitHub App: ${permissions}, read and write), then run the task again. ${
      options.outcome ?? 'Nothing was created.'
    }`,
  );
}

import type { Request } from 'express';
import { invalidField, notFound, validationFailed } from './errors';
import type { Body } from './input';
import { permissionOf } from './permissions';
import type { GitHubStore } from './state/GitHubStore';
import type { StoredRepository } from './state/model';
import {
  newLabel,
  type IssueRecord,
  type LabelRecord,
  type RepositoryObjects,
} from './state/repositoryObjects';

/** `:number` of the request as an issue or pull request of the repository. */
export function issueByNumber(
  objects: RepositoryObjects,
  req: Request,
  param = 'number',
): IssueRecord {
  const issue = objects.issues.find(
    i => String(i.number) === req.params[param],
  );
  if (!issue) {
    throw notFound();
  }
  return issue;
}

/**
 * Label names from `labels` (strings or `{ name }` objects); labels the
 * repository does not have yet are created, grey, as GitHub does.
 */
export function labelsFrom(
  store: GitHubStore,
  objects: RepositoryObjects,
  value: unknown,
  field = 'labels',
): LabelRecord[] {
  if (!Array.isArray(value)) {
    throw invalidField(
      field,
      `For '${field}', ${JSON.stringify(value)} is not an array.`,
    );
  }
  const names = value.map(item => {
    const name =
      typeof item === 'string'
        ? item
        : (item as { name?: unknown } | null)?.name;
    if (typeof name !== 'string' || !name.trim()) {
      throw invalidField(
        field,
        `For '${field}', ${JSON.stringify(item)} is not a label name.`,
      );
    }
    return name.trim();
  });
  const labels: LabelRecord[] = [];
  for (const name of names) {
    let label = objects.labels.find(
      l => l.name.toLowerCase() === name.toLowerCase(),
    );
    if (!label) {
      label = newLabel(store, { name, color: 'ededed', description: null });
      objects.labels.push(label);
    }
    if (!labels.includes(label)) {
      labels.push(label);
    }
  }
  return labels;
}

/** The body of an add-labels request: an array, or `{ labels: [...] }`. */
export function labelsOfBody(body: unknown): unknown {
  if (Array.isArray(body)) {
    return body;
  }
  return (body as Body | undefined)?.labels;
}

/**
 * Logins that may be assigned: users granted access to the repository. GitHub
 * answers 422 for anyone else.
 */
export function assigneesFrom(
  store: GitHubStore,
  repo: StoredRepository,
  value: unknown,
  resource = 'Issue',
): string[] {
  if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
    throw invalidField(
      'assignees',
      `For 'assignees', ${JSON.stringify(value)} is not an array of strings.`,
    );
  }
  const logins: string[] = [];
  for (const login of value as string[]) {
    const user = store.user(login);
    // Read access that only comes from a public repository does not count.
    if (
      !user ||
      !permissionOf(store, user.login, { ...repo, visibility: 'private' })
    ) {
      throw validationFailed({ resource, code: 'invalid', field: 'assignees' });
    }
    if (!logins.includes(user.login)) {
      logins.push(user.login);
    }
  }
  return logins;
}

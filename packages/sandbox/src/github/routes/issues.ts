import express, { type Request, type Router } from 'express';
import { compareStrings } from '../compare';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, validationFailed } from '../errors';
import { assigneesFrom, issueByNumber, labelsFrom } from '../issueInput';
import {
  bodyOf,
  optionalNullableString,
  queryString,
  type Body,
} from '../input';
import { sendPage } from '../pagination';
import { atLeast } from '../permissions';
import { issueJson } from '../render/issues';
import { nodeId } from '../nodeIds';
import type { StoredRepository } from '../state/model';
import { objectsOf, type IssueRecord } from '../state/repositoryObjects';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

/** `title` is a string or a number; GitHub keeps it as text. */
function titleOf(body: Body, required: boolean): string | undefined {
  const title = body.title;
  if (title === undefined || title === null) {
    if (required) {
      throw validationFailed({
        resource: 'Issue',
        code: 'missing_field',
        field: 'title',
      });
    }
    return undefined;
  }
  if (typeof title !== 'string' && typeof title !== 'number') {
    throw invalidField(
      'title',
      `For 'title', ${JSON.stringify(title)} is not a string or integer.`,
    );
  }
  if (String(title).trim() === '') {
    throw validationFailed({
      resource: 'Issue',
      code: 'missing_field',
      field: 'title',
    });
  }
  return String(title);
}

/** No milestones are kept, so naming one is always invalid. */
function checkMilestone(body: Body) {
  if (body.milestone !== undefined && body.milestone !== null) {
    throw validationFailed({
      resource: 'Issue',
      code: 'invalid',
      field: 'milestone',
    });
  }
}

function checkIssuesEnabled(repository: StoredRepository) {
  if (!repository.has_issues) {
    throw new GitHubError(410, 'Issues are disabled for this repo');
  }
}

/** Sets, closes or reopens an issue or pull request from a PATCH body. */
export function applyState(
  issue: IssueRecord,
  body: Body,
  login: string,
  reasons = true,
) {
  const state = body.state;
  if (state === undefined) {
    return;
  }
  if (state !== 'open' && state !== 'closed') {
    throw invalidField(
      'state',
      `For 'state', ${JSON.stringify(state)} is not one of open, closed.`,
    );
  }
  const now = new Date().toISOString();
  const reason = reasons ? body.state_reason : undefined;
  if (
    reason !== undefined &&
    reason !== null &&
    !['completed', 'not_planned', 'reopened'].includes(reason as string)
  ) {
    throw invalidField(
      'state_reason',
      `For 'state_reason', ${JSON.stringify(reason)} is not a valid reason.`,
    );
  }
  if (state === 'closed' && issue.state === 'open') {
    issue.state = 'closed';
    issue.closed_at = now;
    issue.closed_by = login;
    issue.state_reason = issue.pull
      ? null
      : (reason as IssueRecord['state_reason']) ?? 'completed';
  } else if (state === 'open' && issue.state === 'closed') {
    issue.state = 'open';
    issue.closed_at = null;
    issue.closed_by = null;
    issue.state_reason = issue.pull ? null : 'reopened';
  }
}

/** Issues (pull requests listed among them, as GitHub does), their labels and assignees. */
export function issuesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  const render = (req: Request, repo: StoredRepository, issue: IssueRecord) =>
    issueJson(urlsOf(req), store, repo, objectsOf(store, repo), issue);

  router.post(
    '/repos/:owner/:repo/issues',
    handle((req, res) => {
      // Anyone who can read may open an issue; only push access sets labels and assignees.
      const { repository, login, permission } = repositoryOf(ctx, req, 'pull');
      if (!login) {
        throw new GitHubError(401, 'Requires authentication');
      }
      checkIssuesEnabled(repository);
      const body = bodyOf(req);
      const title = titleOf(body, true)!;
      const text = optionalNullableString(body, 'body') ?? null;
      checkMilestone(body);
      const objects = objectsOf(store, repository);
      const canTriage = atLeast(permission, 'push');
      const assigneeLogins = [
        ...(body.assignee ? [body.assignee] : []),
        ...((body.assignees as unknown[] | undefined) ?? []),
      ];
      const assignees = canTriage
        ? assigneesFrom(store, repository, assigneeLogins)
        : [];
      const labels =
        canTriage && body.labels !== undefined
          ? labelsFrom(store, objects, body.labels)
          : [];
      const id = store.allocateId();
      const now = new Date().toISOString();
      const issue: IssueRecord = {
        id,
        node_id: nodeId('Issue', id),
        number: objects.issues.length + 1,
        title,
        body: text,
        state: 'open',
        state_reason: null,
        user: login,
        labels: labels.map(label => label.id),
        assignees,
        locked: false,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      };
      objects.issues.push(issue);
      store.save();
      const json = render(req, repository, issue);
      res.status(201).location(json.url).json(json);
    }),
  );

  router.get(
    '/repos/:owner/:repo/issues',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      checkIssuesEnabled(repository);
      const objects = objectsOf(store, repository);
      const state = queryString(req, 'state') ?? 'open';
      const wantedLabels = (queryString(req, 'labels') ?? '')
        .split(',')
        .map(name => name.trim().toLowerCase())
        .filter(Boolean);
      const creator = queryString(req, 'creator')?.toLowerCase();
      const assignee = queryString(req, 'assignee')?.toLowerCase();
      const since = queryString(req, 'since');
      const sort =
        queryString(req, 'sort') === 'updated' ? 'updated_at' : 'created_at';
      const ascending = queryString(req, 'direction') === 'asc';
      const labelName = (id: number) =>
        objects.labels.find(l => l.id === id)?.name.toLowerCase();
      const issues = objects.issues
        .filter(issue => state === 'all' || issue.state === state)
        .filter(issue =>
          wantedLabels.every(name =>
            issue.labels.some(id => labelName(id) === name),
          ),
        )
        .filter(issue => !creator || issue.user.toLowerCase() === creator)
        .filter(issue => {
          if (!assignee || assignee === '*') {
            return assignee !== '*' || issue.assignees.length > 0;
          }
          if (assignee === 'none') {
            return issue.assignees.length === 0;
          }
          return issue.assignees.some(
            login => login.toLowerCase() === assignee,
          );
        })
        .filter(issue => !since || issue.updated_at >= since)
        .sort((a, b) => {
          const order = compareStrings(a[sort], b[sort]) || a.number - b.number;
          return ascending ? order : -order;
        });
      sendPage(
        req,
        res,
        issues.map(issue => render(req, repository, issue)),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/issues/:number',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const issue = issueByNumber(objectsOf(store, repository), req);
      res.json(render(req, repository, issue));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/issues/:number',
    handle((req, res) => {
      const { repository, login, permission } = repositoryOf(ctx, req, 'pull');
      const objects = objectsOf(store, repository);
      const issue = issueByNumber(objects, req);
      const canTriage = atLeast(permission, 'push');
      const isAuthor = login.toLowerCase() === issue.user.toLowerCase();
      if (!login || (!canTriage && !isAuthor)) {
        throw new GitHubError(403, 'Must have push access to repository.');
      }
      const body = bodyOf(req);
      const title = titleOf(body, false);
      const text = optionalNullableString(body, 'body');
      checkMilestone(body);
      if (canTriage && body.labels !== undefined) {
        issue.labels = labelsFrom(store, objects, body.labels).map(l => l.id);
      }
      if (canTriage && body.assignees !== undefined) {
        issue.assignees = assigneesFrom(store, repository, body.assignees);
      }
      applyState(issue, body, login);
      if (title !== undefined) {
        issue.title = title;
      }
      if (text !== undefined) {
        issue.body = text;
      }
      issue.updated_at = new Date().toISOString();
      store.save();
      res.json(render(req, repository, issue));
    }),
  );

  router.post(
    '/repos/:owner/:repo/issues/:number/assignees',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const objects = objectsOf(store, repository);
      const issue = issueByNumber(objects, req);
      const body = bodyOf(req);
      const wanted = body.assignees ?? [];
      if (!Array.isArray(wanted)) {
        throw invalidField(
          'assignees',
          `For 'assignees', ${JSON.stringify(wanted)} is not an array.`,
        );
      }
      // Logins that cannot be assigned are left out, as GitHub does here.
      for (const login of wanted) {
        const user = typeof login === 'string' ? store.user(login) : undefined;
        if (
          user &&
          issue.assignees.length < 10 &&
          !issue.assignees.some(
            a => a.toLowerCase() === user.login.toLowerCase(),
          )
        ) {
          try {
            issue.assignees.push(
              ...assigneesFrom(store, repository, [user.login]),
            );
          } catch {
            continue;
          }
        }
      }
      issue.updated_at = new Date().toISOString();
      store.save();
      res.status(201).json(render(req, repository, issue));
    }),
  );

  return router;
}

import express, { type Request, type Router } from 'express';
import { changedFiles } from '../commitDiff';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, validationFailed } from '../errors';
import { branchHead } from '../gitData';
import {
  bodyOf,
  optionalBoolean,
  optionalNullableString,
  optionalString,
  optionalStringArray,
  queryString,
} from '../input';
import { issueByNumber } from '../issueInput';
import { sendPage } from '../pagination';
import { atLeast, permissionOf } from '../permissions';
import { pullJson, type PullStats } from '../render/issues';
import { nodeId } from '../nodeIds';
import type { StoredRepository } from '../state/model';
import { objectsOf, type IssueRecord } from '../state/repositoryObjects';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';
import { applyState } from './issues';

const pullError = (
  field: string,
  code: 'invalid' | 'missing_field' = 'invalid',
) => validationFailed({ resource: 'PullRequest', code, field });

const pullMessage = (message: string) =>
  validationFailed({ resource: 'PullRequest', code: 'custom', message });

/** Pull requests between branches of one repository; nothing is ever merged. */
export function pullsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  const shasOf = async (repo: StoredRepository, issue: IssueRecord) => {
    const pull = issue.pull!;
    const head = (await branchHead(ctx, repo, pull.head)) ?? pull.head_sha;
    const base = (await branchHead(ctx, repo, pull.base)) ?? head;
    return { head, base };
  };

  const statsOf = async (
    repo: StoredRepository,
    shas: { head: string; base: string },
  ): Promise<PullStats> => {
    const [headCommits, baseCommits] = await Promise.all(
      [shas.head, shas.base].map(ref =>
        git.listCommits(repo.owner, repo.name, { ref, limit: 1000 }),
      ),
    );
    const inBase = new Set(baseCommits.map(commit => commit.sha));
    const files = await changedFiles(
      git,
      repo.owner,
      repo.name,
      shas.base,
      shas.head,
    );
    return {
      commits: headCommits.filter(commit => !inBase.has(commit.sha)).length,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changed_files: files.length,
    };
  };

  const render = async (
    req: Request,
    repo: StoredRepository,
    issue: IssueRecord,
    full: boolean,
  ) => {
    const shas = await shasOf(repo, issue);
    return pullJson(
      urlsOf(req),
      store,
      repo,
      objectsOf(store, repo),
      issue,
      shas,
      full ? await statsOf(repo, shas) : undefined,
    );
  };

  /** `:number` as a pull request; an issue's number is 404 here. */
  const pullOf = (req: Request, repo: StoredRepository) => {
    const issue = issueByNumber(objectsOf(store, repo), req);
    if (!issue.pull) {
      throw new GitHubError(404, 'Not Found');
    }
    return issue;
  };

  /** `branch` or `owner:branch`; only branches of this repository, as there are no forks. */
  const headBranch = (repo: StoredRepository, head: string) => {
    const colon = head.indexOf(':');
    if (colon < 0) {
      return head;
    }
    if (head.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) {
      throw pullError('head');
    }
    return head.slice(colon + 1);
  };

  router.post(
    '/repos/:owner/:repo/pulls',
    handle(async (req, res) => {
      const { repository, login } = repositoryOf(ctx, req, 'pull');
      if (!login) {
        throw new GitHubError(401, 'Requires authentication');
      }
      const body = bodyOf(req);
      const title = optionalString(body, 'title');
      const headInput = optionalString(body, 'head');
      const base = optionalString(body, 'base');
      if (!title) {
        throw pullError('title', 'missing_field');
      }
      if (!headInput) {
        throw pullError('head', 'missing_field');
      }
      if (!base) {
        throw pullError('base', 'missing_field');
      }
      const head = headBranch(repository, headInput);
      const baseSha = await branchHead(ctx, repository, base);
      if (!baseSha) {
        throw pullError('base');
      }
      const headSha = await branchHead(ctx, repository, head);
      if (!headSha) {
        throw pullError('head');
      }
      if (head === base) {
        throw pullMessage(`No commits between ${base} and ${head}`);
      }
      const objects = objectsOf(store, repository);
      const existing = objects.issues.find(
        issue =>
          issue.state === 'open' &&
          issue.pull?.head === head &&
          issue.pull.base === base,
      );
      if (existing) {
        throw pullMessage(
          `A pull request already exists for ${repository.owner}:${head}.`,
        );
      }
      const stats = await statsOf(repository, { head: headSha, base: baseSha });
      if (stats.commits === 0) {
        throw pullMessage(`No commits between ${base} and ${head}`);
      }
      const id = store.allocateId();
      const now = new Date().toISOString();
      const issue: IssueRecord = {
        id,
        node_id: nodeId('PullRequest', id),
        number: objects.issues.length + 1,
        title,
        body: optionalNullableString(body, 'body') ?? null,
        state: 'open',
        state_reason: null,
        user: login,
        labels: [],
        assignees: [],
        locked: false,
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
        pull: {
          head,
          head_sha: headSha,
          base,
          draft: optionalBoolean(body, 'draft') ?? false,
          maintainer_can_modify:
            optionalBoolean(body, 'maintainer_can_modify') ?? true,
          requested_reviewers: [],
          requested_teams: [],
        },
      };
      objects.issues.push(issue);
      store.save();
      const json = await render(req, repository, issue, true);
      res.status(201).location(json.url).json(json);
    }),
  );

  router.get(
    '/repos/:owner/:repo/pulls',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const state = queryString(req, 'state') ?? 'open';
      const headFilter = queryString(req, 'head');
      const head = headFilter ? headBranch(repository, headFilter) : undefined;
      const base = queryString(req, 'base');
      const ascending = queryString(req, 'direction') === 'asc';
      const pulls = objectsOf(store, repository)
        .issues.filter(issue => issue.pull)
        .filter(issue => state === 'all' || issue.state === state)
        .filter(issue => !head || issue.pull!.head === head)
        .filter(issue => !base || issue.pull!.base === base)
        .sort((a, b) =>
          ascending ? a.number - b.number : b.number - a.number,
        );
      const rendered = await Promise.all(
        pulls.map(issue => render(req, repository, issue, false)),
      );
      sendPage(req, res, rendered);
    }),
  );

  router.get(
    '/repos/:owner/:repo/pulls/:number',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      res.json(await render(req, repository, pullOf(req, repository), true));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/pulls/:number',
    handle(async (req, res) => {
      const { repository, login, permission } = repositoryOf(ctx, req, 'pull');
      const issue = pullOf(req, repository);
      if (
        !login ||
        (!atLeast(permission, 'push') &&
          login.toLowerCase() !== issue.user.toLowerCase())
      ) {
        throw new GitHubError(403, 'Must have push access to repository.');
      }
      const body = bodyOf(req);
      const title = optionalString(body, 'title');
      const text = optionalNullableString(body, 'body');
      const base = optionalString(body, 'base');
      const pull = issue.pull!;
      if (base !== undefined && base !== pull.base) {
        if (!(await branchHead(ctx, repository, base))) {
          throw pullError('base');
        }
        pull.base = base;
      }
      if (body.state === 'closed' && issue.state === 'open') {
        pull.head_sha =
          (await branchHead(ctx, repository, pull.head)) ?? pull.head_sha;
      }
      applyState(issue, body, login, false);
      if (title !== undefined) {
        if (!title) {
          throw pullError('title', 'missing_field');
        }
        issue.title = title;
      }
      if (text !== undefined) {
        issue.body = text;
      }
      pull.maintainer_can_modify =
        optionalBoolean(body, 'maintainer_can_modify') ??
        pull.maintainer_can_modify;
      issue.updated_at = new Date().toISOString();
      store.save();
      res.json(await render(req, repository, issue, true));
    }),
  );

  router.post(
    '/repos/:owner/:repo/pulls/:number/requested_reviewers',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const issue = pullOf(req, repository);
      const body = bodyOf(req);
      const reviewers = optionalStringArray(body, 'reviewers') ?? [];
      const teamSlugs = optionalStringArray(body, 'team_reviewers') ?? [];
      if (reviewers.length === 0 && teamSlugs.length === 0) {
        throw invalidField(
          'reviewers',
          'Either "reviewers" or "team_reviewers" must be supplied.',
        );
      }
      const notCollaborator = pullMessage(
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repository.owner}/${repository.name} repository.`,
      );
      const pull = issue.pull!;
      for (const login of reviewers) {
        const user = store.user(login);
        // Read access that only comes from a public repository does not count.
        if (
          !user ||
          !permissionOf(store, user.login, {
            ...repository,
            visibility: 'private',
          })
        ) {
          throw notCollaborator;
        }
        if (user.login.toLowerCase() === issue.user.toLowerCase()) {
          throw pullMessage(
            'Review cannot be requested from pull request author.',
          );
        }
        if (!pull.requested_reviewers.includes(user.login.toLowerCase())) {
          pull.requested_reviewers.push(user.login.toLowerCase());
        }
      }
      for (const slug of teamSlugs) {
        const team = store.team(repository.owner, slug);
        if (!team || !team.repositories[String(repository.id)]) {
          throw notCollaborator;
        }
        if (!pull.requested_teams.includes(team.id)) {
          pull.requested_teams.push(team.id);
        }
      }
      issue.updated_at = new Date().toISOString();
      store.save();
      res.status(201).json(await render(req, repository, issue, false));
    }),
  );

  return router;
}

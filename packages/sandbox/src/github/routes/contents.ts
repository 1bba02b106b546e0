import express, { type Request, type Response, type Router } from 'express';
import type { GitContent, GitFileChange, GitIdentity } from '../../git/types';
import { callerOf, requireScope } from '../auth';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound } from '../errors';
import { bodyOf, optionalString, requiredString, type Body } from '../input';
import { branchHead, contentAt, isEmpty } from '../gitData';
import { contentEntry, contentJson, gitCommitJson } from '../render/git';
import type { StoredRepository } from '../state/model';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

const BASE64 = /^[A-Za-z0-9+/=\s]*$/;

interface WriteTarget {
  repository: StoredRepository;
  body: Body;
  branch: string;
  /** Undefined in an empty repository. */
  head?: string;
  existing?: GitContent;
}

function pathOf(req: Request): string {
  return (req.params[0] ?? '').replace(/^\/+|\/+$/g, '');
}

/** The raw media types return the file itself instead of JSON. */
function wantsRaw(req: Request): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/.test(req.headers.accept ?? '');
}

function identityOf(body: Body, field: string): GitIdentity | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  const identity = value as Partial<GitIdentity>;
  if (
    typeof identity !== 'object' ||
    typeof identity.name !== 'string' ||
    typeof identity.email !== 'string'
  ) {
    throw invalidField(
      field,
      `For '${field}', ${JSON.stringify(value)} needs "name" and "email".`,
    );
  }
  return {
    name: identity.name,
    email: identity.email,
    ...(typeof identity.date === 'string' ? { date: identity.date } : {}),
  };
}

/** `GET|PUT|DELETE /repos/:owner/:repo/contents/:path`. */
export function contentsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  const callerIdentity = (req: Request): GitIdentity => {
    const user = store.user(callerOf(req).login ?? '');
    const login = user?.login ?? 'ghost';
    return {
      name: user?.name ?? login,
      email: user?.email ?? `${login}@users.noreply.github.com`,
    };
  };

  /** The repository and path a write goes to; workflow files need the `workflow` scope. */
  const writeRequest = (req: Request) => {
    const { repository } = repositoryOf(ctx, req, 'push');
    const path = pathOf(req);
    if (path.startsWith('.github/workflows/')) {
      requireScope(req, 'workflow');
    }
    return { repository, path, body: bodyOf(req) };
  };

  /**
   * The branch a write goes to, its head (undefined in an empty repository)
   * and what the path holds there now.
   */
  const writeTarget = async (
    repo: StoredRepository,
    body: Body,
    path: string,
  ): Promise<WriteTarget> => {
    const branch = optionalString(body, 'branch') ?? repo.default_branch;
    const head = await branchHead(ctx, repo, branch);
    if (!head && !(await isEmpty(ctx, repo))) {
      throw new GitHubError(404, `Branch ${branch} not found`);
    }
    const existing = head ? await contentAt(ctx, repo, head, path) : undefined;
    return { repository: repo, body, branch, head, existing };
  };

  /** Commits one change as the body's author and committer, by default the caller. */
  const commitChange = (
    req: Request,
    target: WriteTarget,
    message: string,
    change: GitFileChange,
  ) => {
    const { repository, body } = target;
    const committer = identityOf(body, 'committer') ?? callerIdentity(req);
    return git.commitFiles(repository.owner, repository.name, {
      branch: target.branch,
      message,
      author: identityOf(body, 'author') ?? committer,
      committer,
      changes: [change],
      expectedHead: target.head,
    });
  };

  const read = async (req: Request, res: Response) => {
    const { repository } = repositoryOf(ctx, req, 'pull');
    if (await isEmpty(ctx, repository)) {
      throw new GitHubError(404, 'This repository is empty.');
    }
    const ref =
      typeof req.query.ref === 'string' && req.query.ref
        ? req.query.ref
        : repository.default_branch;
    const sha = await git
      .resolveCommit(repository.owner, repository.name, ref)
      .catch(() => undefined);
    if (!sha) {
      throw new GitHubError(404, `No commit found for the ref ${ref}`);
    }
    const content = await contentAt(ctx, repository, sha, pathOf(req));
    if (!content) {
      throw notFound();
    }
    if (content.type === 'file' && wantsRaw(req)) {
      res
        .type('application/vnd.github.raw')
        .set('etag', `"${content.sha}"`)
        .send(content.content);
      return;
    }
    res.json(contentJson(urlsOf(req), repository, ref, content));
  };

  router.get('/repos/:owner/:repo/contents', handle(read));
  router.get('/repos/:owner/:repo/contents/*', handle(read));

  router.put(
    '/repos/:owner/:repo/contents/*',
    handle(async (req, res) => {
      const { repository, path, body } = writeRequest(req);
      const message = requiredString(body, 'message');
      const encoded = requiredString(body, 'content');
      if (!BASE64.test(encoded)) {
        throw invalidField('content', 'content is not valid Base64');
      }
      const sha = optionalString(body, 'sha');
      const target = await writeTarget(repository, body, path);
      const { existing } = target;
      if (existing?.type === 'dir') {
        throw invalidField('path', `"${path}" is a directory.`);
      }
      if (existing && sha === undefined) {
        throw invalidField('sha', `"sha" wasn't supplied.`);
      }
      if (existing && sha !== existing.sha) {
        throw new GitHubError(409, `${path} does not match ${sha}`);
      }
      const content = Buffer.from(encoded, 'base64');
      const commit = await commitChange(req, target, message, {
        path,
        content,
      });
      const written = await contentAt(ctx, repository, commit.sha, path);
      const urls = urlsOf(req);
      res.status(existing ? 200 : 201).json({
        content:
          written?.type === 'file'
            ? contentEntry(urls, repository, target.branch, written)
            : null,
        commit: gitCommitJson(urls, repository, commit),
      });
    }),
  );

  router.delete(
    '/repos/:owner/:repo/contents/*',
    handle(async (req, res) => {
      const { repository, path, body } = writeRequest(req);
      const message = requiredString(body, 'message');
      const sha = requiredString(body, 'sha');
      const target = await writeTarget(repository, body, path);
      const { existing } = target;
      if (!existing || existing.type !== 'file') {
        throw notFound();
      }
      if (sha !== existing.sha) {
        throw new GitHubError(409, `${path} does not match ${sha}`);
      }
      const commit = await commitChange(req, target, message, { path });
      res.json({
        content: null,
        commit: gitCommitJson(urlsOf(req), repository, commit),
      });
    }),
  );

  return router;
}

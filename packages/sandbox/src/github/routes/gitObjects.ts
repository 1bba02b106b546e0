import express, { type Request, type Router } from 'express';
import type { GitIdentity } from '../../git/types';
import type { GitTreeMode, GitTreeWrite } from '../../git/types';
import { callerOf } from '../auth';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound } from '../errors';
import { bodyOf, optionalString, requiredString, type Body } from '../input';
import { gitCommitJson } from '../render/git';
import type { StoredRepository } from '../state/model';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

const MODES: GitTreeMode[] = ['100644', '100755', '040000', '160000', '120000'];
const TYPES = ['blob', 'tree', 'commit'];
const SHA = /^[0-9a-f]{40}$/i;

/** git's own failures on user input are 422s in GitHub's words. */
function unprocessable(error: unknown, message: string): unknown {
  const name = (error as Error)?.name;
  return name === 'GitNotFoundError' || name === 'GitInvalidNameError'
    ? new GitHubError(422, message)
    : error;
}

function treeEntryOf(value: unknown, index: number): GitTreeWrite {
  const field = `tree[${index}]`;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField(
      field,
      `For '${field}', ${JSON.stringify(value)} is not an object.`,
    );
  }
  const entry = value as Body;
  const path = optionalString(entry, 'path');
  const mode = optionalString(entry, 'mode') as GitTreeMode | undefined;
  const type = optionalString(entry, 'type');
  if (!path) {
    throw new GitHubError(422, `${field}.path is missing`);
  }
  if (!mode || !MODES.includes(mode)) {
    throw invalidField(
      `${field}.mode`,
      `For '${field}.mode', ${JSON.stringify(mode)} is not one of ${MODES.join(
        ', ',
      )}.`,
    );
  }
  if (type !== undefined && !TYPES.includes(type)) {
    throw invalidField(
      `${field}.type`,
      `For '${field}.type', "${type}" is not one of ${TYPES.join(', ')}.`,
    );
  }
  const sha = entry.sha;
  const content = entry.content;
  if (sha !== undefined && content !== undefined) {
    throw new GitHubError(
      422,
      'Must supply either tree.sha or tree.content, but not both.',
    );
  }
  if (content !== undefined) {
    if (typeof content !== 'string') {
      throw invalidField(
        `${field}.content`,
        `For '${field}.content', ${JSON.stringify(content)} is not a string.`,
      );
    }
    return { path, mode, content: Buffer.from(content, 'utf8') };
  }
  if (sha !== null && (typeof sha !== 'string' || !SHA.test(sha))) {
    throw new GitHubError(
      422,
      `${field}.sha ${JSON.stringify(sha)} is not a valid sha`,
    );
  }
  return { path, mode, sha };
}

function identityOf(body: Body, field: string): GitIdentity | undefined {
  const value = body[field];
  if (value === undefined) {
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField(
      field,
      `For '${field}', ${JSON.stringify(value)} is not an object.`,
    );
  }
  const identity = value as Body;
  const date = optionalString(identity, 'date');
  return {
    name: requiredString(identity, 'name'),
    email: requiredString(identity, 'email'),
    ...(date ? { date } : {}),
  };
}

/** The Git Data API's blobs, trees and commit creation; real objects in the bare repository. */
export function gitObjectsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store, git } = ctx;

  const apiOf = (req: Request, repo: StoredRepository) =>
    `${urlsOf(req).api}/repos/${repo.owner}/${repo.name}`;

  const treeJson = async (
    req: Request,
    repo: StoredRepository,
    treeish: string,
    recursive: boolean,
  ) => {
    const tree = await git.readTree(repo.owner, repo.name, treeish, {
      recursive,
    });
    if (!tree) {
      return undefined;
    }
    const api = apiOf(req, repo);
    return {
      sha: tree.sha,
      url: `${api}/git/trees/${tree.sha}`,
      tree: tree.entries.map(entry => ({
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(entry.type === 'blob'
          ? { size: entry.size, url: `${api}/git/blobs/${entry.sha}` }
          : {}),
        ...(entry.type === 'tree'
          ? { url: `${api}/git/trees/${entry.sha}` }
          : {}),
      })),
      truncated: false,
    };
  };

  router.post(
    '/repos/:owner/:repo/git/blobs',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const content = requiredString(body, 'content');
      const encoding = optionalString(body, 'encoding') ?? 'utf-8';
      if (!['utf-8', 'utf8', 'base64'].includes(encoding)) {
        throw new GitHubError(422, `encoding must be one of utf-8, base64`);
      }
      const bytes = Buffer.from(
        content,
        encoding === 'base64' ? 'base64' : 'utf8',
      );
      const sha = await git.writeBlob(repository.owner, repository.name, bytes);
      const url = `${apiOf(req, repository)}/git/blobs/${sha}`;
      res.status(201).location(url).json({ url, sha });
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/blobs/:sha',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const { sha } = req.params;
      const content = SHA.test(sha)
        ? await git.readBlob(
            repository.owner,
            repository.name,
            sha.toLowerCase(),
          )
        : undefined;
      if (!content) {
        throw notFound();
      }
      if (req.headers.accept?.includes('application/vnd.github.raw')) {
        res.type('application/vnd.github.raw').send(content);
        return;
      }
      res.json({
        sha: sha.toLowerCase(),
        node_id: Buffer.from(`04:Blob${repository.id}:${sha}`).toString(
          'base64',
        ),
        size: content.length,
        url: `${apiOf(req, repository)}/git/blobs/${sha.toLowerCase()}`,
        content: content.toString('base64'),
        encoding: 'base64',
      });
    }),
  );

  router.post(
    '/repos/:owner/:repo/git/trees',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      if (!Array.isArray(body.tree)) {
        throw invalidField('tree', `"tree" wasn't supplied.`);
      }
      const changes = body.tree.map(treeEntryOf);
      const baseTree = optionalString(body, 'base_tree');
      if (baseTree !== undefined && !SHA.test(baseTree)) {
        throw new GitHubError(422, 'Invalid tree info');
      }
      let sha: string;
      try {
        sha = await git.writeTree(repository.owner, repository.name, {
          baseTree: baseTree?.toLowerCase(),
          changes,
        });
      } catch (error) {
        throw unprocessable(error, 'GitRPC::BadObjectState');
      }
      const json = await treeJson(req, repository, sha, false);
      res.status(201).location(json!.url).json(json);
    }),
  );

  router.get(
    '/repos/:owner/:repo/git/trees/*',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const recursive =
        req.query.recursive !== undefined &&
        req.query.recursive !== '0' &&
        req.query.recursive !== 'false';
      const json = await treeJson(req, repository, req.params[0], recursive);
      if (!json) {
        throw notFound();
      }
      res.json(json);
    }),
  );

  router.post(
    '/repos/:owner/:repo/git/commits',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const body = bodyOf(req);
      const message = requiredString(body, 'message');
      const tree = requiredString(body, 'tree');
      const parents = body.parents ?? [];
      if (!Array.isArray(parents) || parents.some(p => typeof p !== 'string')) {
        throw invalidField(
          'parents',
          `For 'parents', ${JSON.stringify(
            parents,
          )} is not an array of strings.`,
        );
      }
      if (!SHA.test(tree)) {
        throw new GitHubError(422, 'Tree SHA does not exist');
      }
      if ((parents as string[]).some(parent => !SHA.test(parent))) {
        throw new GitHubError(
          422,
          'Parent SHA does not exist or is not a commit object',
        );
      }
      const user = store.user(callerOf(req).login ?? '');
      const login = user?.login ?? 'ghost';
      const caller: GitIdentity = {
        name: user?.name ?? login,
        email: user?.email ?? `${login}@users.noreply.github.com`,
      };
      const author = identityOf(body, 'author') ?? caller;
      const committer = identityOf(body, 'committer') ?? author;
      if (
        !(await git.readTree(
          repository.owner,
          repository.name,
          tree.toLowerCase(),
        ))
      ) {
        throw new GitHubError(422, 'Tree SHA does not exist');
      }
      let commit;
      try {
        commit = await git.writeCommit(repository.owner, repository.name, {
          tree: tree.toLowerCase(),
          parents: (parents as string[]).map(p => p.toLowerCase()),
          message,
          author,
          committer,
        });
      } catch (error) {
        throw unprocessable(
          error,
          'Parent SHA does not exist or is not a commit object',
        );
      }
      const json = gitCommitJson(urlsOf(req), repository, commit);
      res.status(201).location(json.url).json(json);
    }),
  );

  return router;
}

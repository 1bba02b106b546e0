import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField, notFound } from '../errors';
import { branchHead } from '../gitData';
import {
  bodyOf,
  optionalBoolean,
  optionalNullableString,
  optionalString,
  type Body,
} from '../input';
import type { StoredRepository } from '../state/model';
import { objectsOf, type PagesRecord } from '../state/repositoryObjects';
import { GitHubError } from '../types';
import { urlsOf } from '../urls';

function pageJson(req: Request, repo: StoredRepository, pages: PagesRecord) {
  const urls = urlsOf(req);
  return {
    url: `${urls.api}/repos/${repo.owner}/${repo.name}/pages`,
    // A legacy site is built at once; a workflow site waits for its workflow.
    status: pages.build_type === 'legacy' ? 'built' : null,
    cname: pages.cname,
    custom_404: false,
    html_url: pages.cname
      ? `http://${pages.cname}/`
      : `${urls.web}/pages/${repo.owner}/${repo.name}/`,
    build_type: pages.build_type,
    source: pages.source,
    public: pages.public,
    https_enforced: pages.https_enforced,
  };
}

function buildType(body: Body): PagesRecord['build_type'] | undefined {
  const value = optionalString(body, 'build_type');
  if (value !== undefined && value !== 'legacy' && value !== 'workflow') {
    throw invalidField(
      'build_type',
      `For 'build_type', "${value}" is not one of legacy, workflow.`,
    );
  }
  return value;
}

/** The body's `source`: an object, or PUT's older strings such as `"master /docs"`. */
function sourceOf(body: Body): PagesRecord['source'] | undefined {
  const raw = body.source;
  if (raw === undefined) {
    return undefined;
  }
  if (typeof raw === 'string') {
    const [branch, path = '/'] = raw.split(' ');
    return { branch, path: path === '/docs' ? '/docs' : '/' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidField(
      'source',
      `For 'source', ${JSON.stringify(raw)} is not an object.`,
    );
  }
  const branch = optionalString(raw as Body, 'branch');
  if (!branch) {
    throw invalidField('source.branch', `"branch" wasn't supplied.`);
  }
  const path = optionalString(raw as Body, 'path') ?? '/';
  if (path !== '/' && path !== '/docs') {
    throw invalidField(
      'source.path',
      `For 'source.path', "${path}" is not one of /, /docs.`,
    );
  }
  return { branch, path };
}

/** GitHub Pages settings of a repository; nothing is published. */
export function pagesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  /** A legacy site publishes a branch, so the branch must exist. */
  const checkBranch = async (repo: StoredRepository, pages: PagesRecord) => {
    if (
      pages.build_type === 'legacy' &&
      !(await branchHead(ctx, repo, pages.source.branch))
    ) {
      throw new GitHubError(
        422,
        `The source branch "${pages.source.branch}" does not exist.`,
      );
    }
  };

  const enabled = (req: Request) => {
    const { repository } = repositoryOf(ctx, req, 'admin');
    const objects = objectsOf(store, repository);
    if (!objects.pages) {
      throw notFound();
    }
    return { repository, objects, pages: objects.pages };
  };

  router.get(
    '/repos/:owner/:repo/pages',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const pages = objectsOf(store, repository).pages;
      if (!pages) {
        throw notFound();
      }
      res.json(pageJson(req, repository, pages));
    }),
  );

  router.post(
    '/repos/:owner/:repo/pages',
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const body = bodyOf(req);
      const type = buildType(body);
      const source = sourceOf(body);
      if (!type && !source) {
        throw invalidField(
          '',
          'Either "source" or "build_type" must be supplied.',
        );
      }
      const objects = objectsOf(store, repository);
      if (objects.pages) {
        throw new GitHubError(409, 'GitHub Pages is already enabled.');
      }
      const pages: PagesRecord = {
        build_type: type ?? 'legacy',
        source: source ?? { branch: repository.default_branch, path: '/' },
        cname: null,
        https_enforced: false,
        public: repository.visibility === 'public',
        created_at: new Date().toISOString(),
      };
      await checkBranch(repository, pages);
      objects.pages = pages;
      store.save();
      res.status(201).json(pageJson(req, repository, pages));
    }),
  );

  router.put(
    '/repos/:owner/:repo/pages',
    handle(async (req, res) => {
      const { repository, pages } = enabled(req);
      const body = bodyOf(req);
      const fields = [
        'build_type',
        'source',
        'cname',
        'public',
        'https_enforced',
      ];
      if (!fields.some(field => body[field] !== undefined)) {
        throw new GitHubError(
          400,
          'Invalid request.\n\nNo settings were given.',
        );
      }
      const next: PagesRecord = {
        ...pages,
        build_type: buildType(body) ?? pages.build_type,
        source: sourceOf(body) ?? pages.source,
        public: optionalBoolean(body, 'public') ?? pages.public,
        https_enforced:
          optionalBoolean(body, 'https_enforced') ?? pages.https_enforced,
      };
      const cname = optionalNullableString(body, 'cname');
      if (cname !== undefined) {
        next.cname = cname || null;
      }
      await checkBranch(repository, next);
      objectsOf(store, repository).pages = next;
      store.save();
      res.status(204).end();
    }),
  );

  router.delete(
    '/repos/:owner/:repo/pages',
    handle((req, res) => {
      const { objects } = enabled(req);
      objects.pages = null;
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}

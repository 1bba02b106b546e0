import express, { type Router } from 'express';
import { randomBytes } from 'node:crypto';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound } from '../errors';
import { requireNotEmpty } from '../gitData';
import { repositoryJson } from '../render/repository';
import { urlsOf } from '../urls';

/** How long a download link handed out by the API stays valid, as codeload's tokens do. */
const TICKET_TTL_MS = 5 * 60 * 1000;

interface Ticket {
  owner: string;
  repo: string;
  sha: string;
  expires: number;
}

/**
 * The API's archive links and the download host they lead to. GitHub
 * Enterprise Server serves downloads under `/_codeload/`, with a short-lived
 * token in the query string instead of the caller's credentials.
 */
export function archivesRouters(ctx: GitHubContext): {
  api: Router;
  codeload: Router;
} {
  const { store, git } = ctx;
  const tickets = new Map<string, Ticket>();

  const api = express.Router();
  api.get(
    ['/repos/:owner/:repo/tarball', '/repos/:owner/:repo/tarball/*'],
    handle(async (req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const ref = req.params[0] || repository.default_branch;
      const sha = await git
        .resolveCommit(repository.owner, repository.name, ref)
        .catch(() => undefined);
      if (!sha) {
        throw notFound();
      }
      const now = Date.now();
      for (const [key, ticket] of tickets) {
        if (ticket.expires < now) {
          tickets.delete(key);
        }
      }
      const token = randomBytes(20).toString('hex');
      tickets.set(token, {
        owner: repository.owner,
        repo: repository.name,
        sha,
        expires: now + TICKET_TTL_MS,
      });
      const { web } = urlsOf(req);
      res.redirect(
        302,
        `${web}/_codeload/${repository.owner}/${repository.name}/legacy.tar.gz/${sha}?token=${token}`,
      );
    }),
  );

  // What GithubUrlReader asks first: the commit a ref is at, and the repository's URLs.
  api.get(
    '/repos/:owner/:repo/commits/*/status',
    handle(async (req, res) => {
      const { repository, permission } = repositoryOf(ctx, req, 'pull');
      await requireNotEmpty(ctx, repository);
      const ref = req.params[0];
      const sha = await git
        .resolveCommit(repository.owner, repository.name, ref)
        .catch(() => undefined);
      if (!sha) {
        throw notFound();
      }
      const urls = urlsOf(req);
      const base = `${urls.api}/repos/${repository.owner}/${repository.name}`;
      res.json({
        // No statuses are recorded, which GitHub reports as pending.
        state: 'pending',
        statuses: [],
        sha,
        total_count: 0,
        repository: repositoryJson(urls, store, repository, permission),
        commit_url: `${base}/commits/${sha}`,
        url: `${base}/commits/${sha}/status`,
      });
    }),
  );

  const codeload = express.Router();
  codeload.get(
    '/_codeload/:owner/:repo/legacy.tar.gz/:sha',
    handle(async (req, res) => {
      const token = typeof req.query.token === 'string' ? req.query.token : '';
      const ticket = tickets.get(token);
      const { owner, repo, sha } = req.params;
      if (
        !ticket ||
        ticket.expires < Date.now() ||
        ticket.owner !== owner ||
        ticket.repo !== repo ||
        ticket.sha !== sha
      ) {
        throw notFound();
      }
      const prefix = `${owner}-${repo}-${sha.slice(0, 7)}`;
      const archive = await git.archive(owner, repo, sha, prefix);
      res
        .type('application/x-gzip')
        .set('content-disposition', `attachment; filename=${prefix}.tar.gz`)
        .send(archive);
    }),
  );

  return { api, codeload };
}

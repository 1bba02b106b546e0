import express, { type Router } from 'express';
import { compareStrings } from '../compare';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, validationFailed } from '../errors';
import { issueByNumber, labelsFrom, labelsOfBody } from '../issueInput';
import { sendPage } from '../pagination';
import { labelJson } from '../render/issues';
import type { StoredRepository } from '../state/model';
import {
  objectsOf,
  type IssueRecord,
  type RepositoryObjects,
} from '../state/repositoryObjects';
import { urlsOf, type Urls } from '../urls';

function issueLabels(
  urls: Urls,
  repo: StoredRepository,
  objects: RepositoryObjects,
  issue: IssueRecord,
) {
  return issue.labels.flatMap(id => {
    const label = objects.labels.find(l => l.id === id);
    return label ? [labelJson(urls, repo, label)] : [];
  });
}

/** A repository's labels and the labels of its issues and pull requests. */
export function labelsRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  router.get(
    '/repos/:owner/:repo/labels',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const urls = urlsOf(req);
      const labels = [...objectsOf(store, repository).labels].sort((a, b) =>
        compareStrings(a.name.toLowerCase(), b.name.toLowerCase()),
      );
      sendPage(
        req,
        res,
        labels.map(label => labelJson(urls, repository, label)),
      );
    }),
  );

  router.get(
    '/repos/:owner/:repo/issues/:number/labels',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const objects = objectsOf(store, repository);
      const issue = issueByNumber(objects, req);
      sendPage(req, res, issueLabels(urlsOf(req), repository, objects, issue));
    }),
  );

  router.post(
    '/repos/:owner/:repo/issues/:number/labels',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'triage');
      const objects = objectsOf(store, repository);
      const issue = issueByNumber(objects, req);
      const wanted = labelsOfBody(req.body);
      if (!Array.isArray(wanted) || wanted.length === 0) {
        throw validationFailed(
          { resource: 'Label', code: 'missing_field', field: 'labels' },
          'Invalid request.\n\nNo subschema in "anyOf" matched.',
        );
      }
      for (const label of labelsFrom(store, objects, wanted)) {
        if (!issue.labels.includes(label.id)) {
          issue.labels.push(label.id);
        }
      }
      issue.updated_at = new Date().toISOString();
      store.save();
      res.json(issueLabels(urlsOf(req), repository, objects, issue));
    }),
  );

  return router;
}

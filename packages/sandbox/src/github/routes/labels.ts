import express, { type Router } from 'express';
import { compareStrings } from '../compare';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import {
  bodyOf,
  optionalNullableString,
  optionalString,
  requiredString,
  type Body,
} from '../input';
import { issueByNumber, labelsFrom, labelsOfBody } from '../issueInput';
import { sendPage } from '../pagination';
import { labelJson } from '../render/issues';
import type { StoredRepository } from '../state/model';
import {
  newLabel,
  objectsOf,
  type IssueRecord,
  type LabelRecord,
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

/** Six hex digits, without the `#` that GitHub refuses. */
const COLOR = /^[0-9a-f]{6}$/i;
const MAX_DESCRIPTION = 100;

function labelNamed(objects: RepositoryObjects, name: string) {
  return objects.labels.find(l => l.name.toLowerCase() === name.toLowerCase());
}

/** `color` and `description` of a create or update body, checked as GitHub checks them. */
function labelFields(body: Body) {
  const color = optionalString(body, 'color');
  if (color !== undefined && !COLOR.test(color)) {
    throw validationFailed({
      resource: 'Label',
      code: 'invalid',
      field: 'color',
    });
  }
  const description = optionalNullableString(body, 'description');
  if (description && description.length > MAX_DESCRIPTION) {
    throw validationFailed({
      resource: 'Label',
      code: 'invalid',
      field: 'description',
    });
  }
  return { color, description };
}

function checkNameFree(
  objects: RepositoryObjects,
  name: string,
  except?: LabelRecord,
) {
  const existing = labelNamed(objects, name);
  if (existing && existing !== except) {
    throw validationFailed({
      resource: 'Label',
      code: 'already_exists',
      field: 'name',
    });
  }
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

  router.post(
    '/repos/:owner/:repo/labels',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const objects = objectsOf(store, repository);
      const body = bodyOf(req);
      const name = requiredString(body, 'name').trim();
      const { color, description } = labelFields(body);
      if (!name) {
        throw validationFailed({
          resource: 'Label',
          code: 'missing_field',
          field: 'name',
        });
      }
      checkNameFree(objects, name);
      const label = newLabel(store, {
        name,
        color: color ?? 'ededed',
        description: description ?? null,
      });
      objects.labels.push(label);
      store.save();
      res.status(201).json(labelJson(urlsOf(req), repository, label));
    }),
  );

  router.get(
    '/repos/:owner/:repo/labels/:name',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      const label = labelNamed(objectsOf(store, repository), req.params.name);
      if (!label) throw notFound();
      res.json(labelJson(urlsOf(req), repository, label));
    }),
  );

  router.patch(
    '/repos/:owner/:repo/labels/:name',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const objects = objectsOf(store, repository);
      const label = labelNamed(objects, req.params.name);
      if (!label) throw notFound();
      const body = bodyOf(req);
      const newName = optionalString(body, 'new_name')?.trim();
      const { color, description } = labelFields(body);
      if (newName) {
        checkNameFree(objects, newName, label);
        label.name = newName;
      }
      if (color !== undefined) label.color = color;
      if (description !== undefined) label.description = description;
      store.save();
      res.json(labelJson(urlsOf(req), repository, label));
    }),
  );

  router.delete(
    '/repos/:owner/:repo/labels/:name',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'push');
      const objects = objectsOf(store, repository);
      const label = labelNamed(objects, req.params.name);
      if (!label) throw notFound();
      objects.labels = objects.labels.filter(l => l !== label);
      for (const issue of objects.issues) {
        issue.labels = issue.labels.filter(id => id !== label.id);
      }
      store.save();
      res.status(204).end();
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

import express, { type Request, type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, notFound, validationFailed } from '../errors';
import { bodyOf, optionalBoolean, requiredString } from '../input';
import { sendPage } from '../pagination';
import { objectsOf, type AutolinkRecord } from '../state/repositoryObjects';
import { urlsOf } from '../urls';

/** The characters GitHub allows in a reference prefix. */
const KEY_PREFIX = /^[A-Za-z0-9.\-_+=:/#]+$/;

const autolinkError = (field: string, message: string) =>
  validationFailed({ resource: 'KeyLink', code: 'custom', field, message });

function autolinkJson(autolink: AutolinkRecord) {
  return {
    id: autolink.id,
    key_prefix: autolink.key_prefix,
    url_template: autolink.url_template,
    is_alphanumeric: autolink.is_alphanumeric,
    updated_at: autolink.updated_at,
  };
}

/** Autolink references: `<key_prefix><num>` in issues and commits links to `url_template`. */
export function autolinksRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  router.get(
    '/repos/:owner/:repo/autolinks',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      sendPage(
        req,
        res,
        objectsOf(store, repository).autolinks.map(autolinkJson),
      );
    }),
  );

  router.post(
    '/repos/:owner/:repo/autolinks',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const body = bodyOf(req);
      const keyPrefix = requiredString(body, 'key_prefix');
      const urlTemplate = requiredString(body, 'url_template');
      if (!KEY_PREFIX.test(keyPrefix) || keyPrefix.length > 32) {
        throw autolinkError(
          'key_prefix',
          'key_prefix may only contain letters, numbers, and .-_+=:/#, at most 32 of them',
        );
      }
      if (!urlTemplate.includes('<num>')) {
        throw autolinkError(
          'url_template',
          'url_template is missing a <num> token',
        );
      }
      if (!/^https?:\/\/[^\s]+$/.test(urlTemplate)) {
        throw autolinkError(
          'url_template',
          'url_template must be an http(s) URL',
        );
      }
      const autolinks = objectsOf(store, repository).autolinks;
      const wanted = keyPrefix.toLowerCase();
      if (autolinks.some(link => link.key_prefix.toLowerCase() === wanted)) {
        throw validationFailed({
          resource: 'KeyLink',
          code: 'already_exists',
          field: 'key_prefix',
        });
      }
      const autolink: AutolinkRecord = {
        id: store.allocateId(),
        key_prefix: keyPrefix,
        url_template: urlTemplate,
        is_alphanumeric: optionalBoolean(body, 'is_alphanumeric') ?? true,
        updated_at: new Date().toISOString(),
      };
      autolinks.push(autolink);
      store.save();
      res
        .status(201)
        .location(
          `${urlsOf(req).api}/repos/${repository.owner}/${
            repository.name
          }/autolinks/${autolink.id}`,
        )
        .json(autolinkJson(autolink));
    }),
  );

  const autolinkOf = (req: Request) => {
    const { repository } = repositoryOf(ctx, req, 'admin');
    const autolinks = objectsOf(store, repository).autolinks;
    const autolink = autolinks.find(
      link => String(link.id) === req.params.autolink_id,
    );
    if (!autolink) {
      throw notFound();
    }
    return { autolinks, autolink };
  };

  router.get(
    '/repos/:owner/:repo/autolinks/:autolink_id',
    handle((req, res) => {
      res.json(autolinkJson(autolinkOf(req).autolink));
    }),
  );

  router.delete(
    '/repos/:owner/:repo/autolinks/:autolink_id',
    handle((req, res) => {
      const { autolinks, autolink } = autolinkOf(req);
      autolinks.splice(autolinks.indexOf(autolink), 1);
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}

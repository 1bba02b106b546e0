import express, { type Router } from 'express';
import { repositoryOf, type GitHubContext } from '../context';
import { handle, invalidField } from '../errors';
import { bodyOf, optionalStringArray } from '../input';
import { GitHubError } from '../types';

const TOPIC = /^[a-z0-9][a-z0-9-]{0,49}$/;
const MAX_TOPICS = 20;

/** `GET|PUT /repos/:owner/:repo/topics`, with GitHub's topic rules. */
export function topicsRouter(ctx: GitHubContext): Router {
  const router = express.Router();

  router.get(
    '/repos/:owner/:repo/topics',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      res.json({ names: repository.topics });
    }),
  );

  router.put(
    '/repos/:owner/:repo/topics',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const names = optionalStringArray(bodyOf(req), 'names');
      if (names === undefined) {
        throw invalidField('names', '"names" wasn\'t supplied.');
      }
      const invalid = names.filter(name => !TOPIC.test(name));
      if (invalid.length > 0) {
        throw new GitHubError(422, 'Validation Failed', [
          {
            resource: 'Repository',
            code: 'invalid',
            field: 'topics',
            message: `${invalid.map(name => `"${name}"`).join(', ')} ${
              invalid.length === 1 ? 'is' : 'are'
            } not a valid topic: topics must start with a lowercase letter or number, consist of 50 characters or less, and can include hyphens.`,
          },
        ]);
      }
      const unique = [...new Set(names)];
      if (unique.length > MAX_TOPICS) {
        throw new GitHubError(422, 'Validation Failed', [
          {
            resource: 'Repository',
            code: 'invalid',
            field: 'topics',
            message: `A repository cannot have more than ${MAX_TOPICS} topics.`,
          },
        ]);
      }
      repository.topics = unique;
      repository.updated_at = new Date().toISOString();
      ctx.store.save();
      res.json({ names: repository.topics });
    }),
  );

  return router;
}

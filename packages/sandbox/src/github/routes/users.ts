import express, { type Router } from 'express';
import { requireLogin } from '../auth';
import type { GitHubContext } from '../context';
import { handle, notFound } from '../errors';
import { privateUser, publicUser } from '../render/accounts';
import { urlsOf } from '../urls';

/** `GET /user` and `GET /users/:username`. */
export function usersRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  router.get(
    '/user',
    handle((req, res) => {
      const user = store.user(requireLogin(req));
      if (!user) {
        throw notFound();
      }
      res.json(privateUser(urlsOf(req), store, user));
    }),
  );

  router.get(
    '/users/:username',
    handle((req, res) => {
      const account = store.account(req.params.username);
      if (!account) {
        throw notFound();
      }
      res.json(publicUser(urlsOf(req), store, account));
    }),
  );

  return router;
}

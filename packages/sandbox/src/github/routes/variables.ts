import express, { type Router } from 'express';
import { actionsName, findByName } from '../actionsNames';
import { SCOPE_PREFIXES, scopeOf } from '../actionsScope';
import type { GitHubContext } from '../context';
import { handle } from '../errors';
import { bodyOf, optionalString, requiredString } from '../input';
import { paginate } from '../pagination';
import type { VariableRecord } from '../state/model';
import { timestamp } from '../state/repositorySettings';
import { GitHubError } from '../types';

const alreadyExists = () =>
  new GitHubError(409, 'Already exists - Variable already exists');

function variableJson(variable: VariableRecord) {
  return {
    name: variable.name,
    value: variable.value,
    created_at: variable.created_at,
    updated_at: variable.updated_at,
  };
}

/** Actions variables of a repository and of its environments. */
export function variablesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  for (const prefix of SCOPE_PREFIXES) {
    const base = `${prefix}/variables`;

    router.get(
      base,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'pull');
        const sorted = [...scope.variables].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        // Variables come 10 to a page on GitHub, not 30.
        const page = paginate(req, res, sorted, 10);
        res.json({
          total_count: page.total,
          variables: page.items.map(variableJson),
        });
      }),
    );

    router.post(
      base,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'admin');
        const body = bodyOf(req);
        const name = actionsName(
          requiredString(body, 'name', 'Variable'),
          'variable',
        );
        const value = requiredString(body, 'value', 'Variable');
        if (scope.variables.some(v => v.name === name)) {
          throw alreadyExists();
        }
        const now = timestamp();
        scope.variables.push({
          name,
          value,
          created_at: now,
          updated_at: now,
        });
        store.save();
        res.status(201).json({});
      }),
    );

    router.get(
      `${base}/:name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'pull');
        res.json(variableJson(findByName(scope.variables, req.params.name)));
      }),
    );

    router.patch(
      `${base}/:name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'admin');
        const variable = findByName(scope.variables, req.params.name);
        const body = bodyOf(req);
        const newName = optionalString(body, 'name');
        const value = optionalString(body, 'value');
        if (newName !== undefined) {
          const upper = actionsName(newName, 'variable');
          if (
            upper !== variable.name &&
            scope.variables.some(v => v.name === upper)
          ) {
            throw alreadyExists();
          }
          variable.name = upper;
        }
        if (value !== undefined) {
          variable.value = value;
        }
        variable.updated_at = timestamp();
        store.save();
        res.status(204).end();
      }),
    );

    router.delete(
      `${base}/:name`,
      handle((req, res) => {
        const { scope } = scopeOf(ctx, req, 'admin');
        const variable = findByName(scope.variables, req.params.name);
        scope.variables.splice(scope.variables.indexOf(variable), 1);
        store.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}

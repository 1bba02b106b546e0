import express, { type Router } from 'express';
import { GitHubError } from '../types';
import { actionsName, findByName } from './actionsNames';
import { SCOPE_PREFIXES, scopeOf } from './actionsScope';
import type { SettingsDeps } from './directory';
import { paginate } from '../pagination';
import { bodyOf, now, optionalString, requiredString, route } from './rest';
import type { RepositorySettingsState, VariableRecord } from './state';

const alreadyExists = () =>
  new GitHubError(409, 'Already exists - Variable already exists');

function render(variable: VariableRecord) {
  return {
    name: variable.name,
    value: variable.value,
    created_at: variable.created_at,
    updated_at: variable.updated_at,
  };
}

/** Actions variables of a repository and of its environments. */
export function variableRoutes(
  deps: SettingsDeps,
  state: RepositorySettingsState,
): Router {
  const router = express.Router();

  for (const prefix of SCOPE_PREFIXES) {
    const base = `${prefix}/variables`;

    router.get(
      base,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'pull');
        const sorted = [...scope.variables].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
        // Variables come 10 to a page on GitHub, not 30.
        const page = paginate(req, res, sorted, 10);
        res.json({
          total_count: page.total,
          variables: page.items.map(render),
        });
      }),
    );

    router.post(
      base,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'admin');
        const body = bodyOf(req);
        const name = actionsName(
          requiredString(body, 'name', 'Variable'),
          'variable',
        );
        const value = requiredString(body, 'value', 'Variable');
        if (scope.variables.some(v => v.name === name)) {
          throw alreadyExists();
        }
        const timestamp = now();
        scope.variables.push({
          name,
          value,
          created_at: timestamp,
          updated_at: timestamp,
        });
        deps.save();
        res.status(201).json({});
      }),
    );

    router.get(
      `${base}/:name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'pull');
        res.json(render(findByName(scope.variables, req.params.name)));
      }),
    );

    router.patch(
      `${base}/:name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'admin');
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
        variable.updated_at = now();
        deps.save();
        res.status(204).end();
      }),
    );

    router.delete(
      `${base}/:name`,
      route(async (req, res) => {
        const { scope } = await scopeOf(deps, state, req, 'admin');
        const variable = findByName(scope.variables, req.params.name);
        scope.variables.splice(scope.variables.indexOf(variable), 1);
        deps.save();
        res.status(204).end();
      }),
    );
  }

  return router;
}

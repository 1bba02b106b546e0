import express, { type Request, type Router } from 'express';
import { requireLogin, requireScope } from '../auth';
import {
  organizationOf,
  repositoryOf,
  roleIn,
  type GitHubContext,
} from '../context';
import {
  applyPropertyValues,
  checkedValues,
  findPropertySchema,
  propertySchemaFrom,
  propertySchemasOf,
  propertyValuesOf,
} from '../customProperties';
import { handle, invalidField, missingField, notFound } from '../errors';
import { bodyOf, type Body } from '../input';
import type { CustomPropertyRecord, OrganizationRecord } from '../state/model';
import { loginKey } from '../state/GitHubStore';
import { GitHubError } from '../types';
import { urlsOf, type Urls } from '../urls';

const MAX_PROPERTIES = 100;

function propertyJson(
  urls: Urls,
  org: OrganizationRecord,
  p: CustomPropertyRecord,
) {
  return {
    property_name: p.property_name,
    url: `${urls.api}/orgs/${org.login}/properties/schema/${encodeURIComponent(
      p.property_name,
    )}`,
    source_type: 'organization',
    value_type: p.value_type,
    required: p.required,
    default_value: p.default_value,
    description: p.description,
    allowed_values: p.allowed_values,
    values_editable_by: p.values_editable_by,
  };
}

/**
 * Organization custom properties: their definitions (`/orgs/:org/properties/schema`)
 * and a repository's values (`/repos/:owner/:repo/properties/values`).
 */
export function customPropertiesRouter(ctx: GitHubContext): Router {
  const router = express.Router();
  const { store } = ctx;

  /** Members read the definitions; owners change them (with `admin:org`). */
  const orgFor = (req: Request, write: boolean) => {
    const org = organizationOf(ctx, req);
    requireLogin(req);
    const role = roleIn(org, req);
    if (!role) {
      throw notFound();
    }
    if (write) {
      requireScope(req, 'admin:org');
      if (role !== 'admin') {
        throw new GitHubError(
          403,
          'You must be an organization owner or have the custom properties admin permission to manage custom properties.',
        );
      }
    } else {
      requireScope(req, 'read:org', 'repo');
    }
    return org;
  };

  /** Adds or replaces a definition; values of an unchanged name stay. */
  const upsert = (org: OrganizationRecord, schema: CustomPropertyRecord) => {
    const all = (store.data.propertySchemas ??= {});
    const list = [...(all[loginKey(org.login)] ?? [])];
    const at = list.findIndex(
      p => p.property_name.toLowerCase() === schema.property_name.toLowerCase(),
    );
    if (at >= 0) {
      list[at] = { ...schema, property_name: list[at].property_name };
    } else {
      if (list.length >= MAX_PROPERTIES) {
        throw new GitHubError(
          422,
          `Validation failed: An organization can define at most ${MAX_PROPERTIES} custom properties`,
        );
      }
      list.push(schema);
    }
    all[loginKey(org.login)] = list;
    return list[at >= 0 ? at : list.length - 1];
  };

  router.get(
    '/orgs/:org/properties/schema',
    handle((req, res) => {
      const org = orgFor(req, false);
      const urls = urlsOf(req);
      res.json(
        propertySchemasOf(store, org).map(p => propertyJson(urls, org, p)),
      );
    }),
  );

  router.patch(
    '/orgs/:org/properties/schema',
    handle((req, res) => {
      const org = orgFor(req, true);
      const { properties } = bodyOf(req);
      if (properties === undefined) {
        throw missingField('properties');
      }
      if (!Array.isArray(properties) || properties.length === 0) {
        throw invalidField(
          'properties',
          `For 'properties/properties', ${JSON.stringify(
            properties,
          )} is not a non-empty array.`,
        );
      }
      // Every definition is checked before any is stored.
      const schemas = properties.map((item: unknown) => {
        const body = (item ?? {}) as Body;
        if (typeof body.property_name !== 'string') {
          throw missingField('property_name');
        }
        return propertySchemaFrom(body.property_name, body);
      });
      const saved = schemas.map(schema => upsert(org, schema));
      store.save();
      const urls = urlsOf(req);
      res.json(saved.map(p => propertyJson(urls, org, p)));
    }),
  );

  router.get(
    '/orgs/:org/properties/schema/:name',
    handle((req, res) => {
      const org = orgFor(req, false);
      const schema = findPropertySchema(store, org, req.params.name);
      if (!schema) {
        throw notFound();
      }
      res.json(propertyJson(urlsOf(req), org, schema));
    }),
  );

  router.put(
    '/orgs/:org/properties/schema/:name',
    handle((req, res) => {
      const org = orgFor(req, true);
      const saved = upsert(
        org,
        propertySchemaFrom(req.params.name, bodyOf(req)),
      );
      store.save();
      res.json(propertyJson(urlsOf(req), org, saved));
    }),
  );

  router.delete(
    '/orgs/:org/properties/schema/:name',
    handle((req, res) => {
      const org = orgFor(req, true);
      const schema = findPropertySchema(store, org, req.params.name);
      if (!schema) {
        throw notFound();
      }
      const all = store.data.propertySchemas!;
      all[loginKey(org.login)] = all[loginKey(org.login)].filter(
        p => p !== schema,
      );
      // The repositories' values of it go with it.
      for (const repository of store.repositoriesOwnedBy(org.login)) {
        applyPropertyValues(store, repository.id, [
          { schema, value: undefined },
        ]);
      }
      store.save();
      res.status(204).end();
    }),
  );

  router.get(
    '/repos/:owner/:repo/properties/values',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'pull');
      res.json(
        Object.entries(propertyValuesOf(store, repository.id)).map(
          ([property_name, value]) => ({ property_name, value }),
        ),
      );
    }),
  );

  router.patch(
    '/repos/:owner/:repo/properties/values',
    handle((req, res) => {
      const { repository } = repositoryOf(ctx, req, 'admin');
      const org = store.organization(repository.owner);
      if (!org) {
        throw notFound();
      }
      const { properties } = bodyOf(req);
      if (properties === undefined) {
        throw missingField('properties');
      }
      if (!Array.isArray(properties)) {
        throw invalidField(
          'properties',
          `For 'properties/properties', ${JSON.stringify(
            properties,
          )} is not an array.`,
        );
      }
      const changes = checkedValues(
        store,
        org,
        properties.map((item: unknown) => ({
          name: (item as Body)?.property_name,
          value: (item as Body)?.value,
        })),
      );
      // Repository admins may set only what the organization lets them.
      const owner = roleIn(org, req) === 'admin';
      const locked = changes.find(
        c => !owner && c.schema.values_editable_by !== 'org_and_repo_actors',
      );
      if (locked) {
        throw new GitHubError(
          403,
          `You do not have permission to edit the value of '${locked.schema.property_name}'.`,
        );
      }
      applyPropertyValues(store, repository.id, changes);
      repository.updated_at = new Date().toISOString();
      store.save();
      res.status(204).end();
    }),
  );

  return router;
}

import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  maxServiceNameLength,
  type PlatformConfig,
  type PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import express from 'express';
import Router from 'express-promise-router';
import type { NameAvailabilityService } from './services/NameAvailability';

/** A query parameter given at most once, as text. */
function optionalQuery(req: express.Request, key: string): string | undefined {
  const value = req.query[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value) {
    throw new InputError(`${key}: must be given once, as non-empty text`);
  }
  return value;
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  platform: PlatformConfig;
  nameAvailability: NameAvailabilityService;
}): Promise<express.Router> {
  const { httpAuth, platform, nameAvailability } = options;
  const body: PlatformConfigResponse = {
    environments: platform.environments,
    tiers: platform.tiers,
    maxServiceNameLength: maxServiceNameLength(platform),
  };

  const router = Router();
  router.get('/config', async (req, res) => {
    // Signed-in users (the template form) and other plugins; never anonymous.
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(body);
  });

  router.get('/names/:name/availability', async (req, res) => {
    // It tells which repositories and namespaces exist: never anonymous.
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const answer = await nameAvailability.check(req.params.name, {
      owner: optionalQuery(req, 'owner'),
      host: optionalQuery(req, 'host'),
    });
    res.json(answer);
  });
  return router;
}

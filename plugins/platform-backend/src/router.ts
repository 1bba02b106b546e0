import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  maxServiceNameLength,
  type PlatformConfig,
  type PlatformConfigResponse,
} from '@internal/plugin-platform-common';
import express from 'express';
import Router from 'express-promise-router';

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  platform: PlatformConfig;
}): Promise<express.Router> {
  const { httpAuth, platform } = options;
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
  return router;
}

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { catalogModuleFilePlaceholders } from './catalogModuleFilePlaceholders';

jest.setTimeout(60_000);

const root = resolve(__dirname, '../../../..');
const TEMPLATES = ['golden-path-service', 'golden-path-python-service'];
const user = mockCredentials.user.header('user:default/guest');

/**
 * The golden-path templates as the portal's catalog serves them: registered
 * from file locations, with the form, steps and output they share from
 * templates/shared/ in place.
 */
describe('the catalog with file placeholders', () => {
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModuleFilePlaceholders,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
            catalog: {
              locations: TEMPLATES.map(name => ({
                type: 'file',
                target: resolve(root, 'templates', name, 'template.yaml'),
                rules: [{ allow: ['Template'] }],
              })),
            },
          },
        }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
  });

  afterAll(() => stop?.());

  async function served(name: string) {
    for (let attempt = 0; attempt < 150; attempt++) {
      const response = await request(server)
        .get(`/api/catalog/entities/by-name/template/default/${name}`)
        .set('Authorization', user);
      if (response.status === 200) return response.body;
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`The catalog did not serve template ${name}`);
  }

  const shared = async (file: string) =>
    yaml.parse(await readFile(resolve(root, 'templates/shared', file), 'utf8'));

  it.each(TEMPLATES)(
    'serves %s with the shared form, steps and output in place',
    async name => {
      const template = await served(name);
      expect(template.spec.parameters).toEqual(await shared('parameters.yaml'));
      expect(template.spec.steps).toEqual(await shared('steps.yaml'));
      expect(template.spec.output).toEqual(await shared('output.yaml'));
      // Relative URLs stay relative to the template's own file.
      expect(template.metadata.annotations).toEqual(
        expect.objectContaining({
          'backstage.io/managed-by-location': `file:${resolve(
            root,
            'templates',
            name,
            'template.yaml',
          )}`,
        }),
      );
      expect(
        template.spec.steps.find((s: any) => s.id === 'fetch').input.url,
      ).toBe('./skeleton');
    },
  );
});

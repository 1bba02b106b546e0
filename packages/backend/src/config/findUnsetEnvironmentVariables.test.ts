import { parse } from 'yaml';
import { findUnsetEnvironmentVariables } from './findUnsetEnvironmentVariables';

const config = parse(`
backend:
  database:
    connection:
      host: \${POSTGRES_HOST}
      port: \${POSTGRES_PORT:-5432}
      password:
        $env: POSTGRES_PASSWORD
  auth:
    keys:
      - secret: \${BACKEND_SECRET}
app:
  baseUrl: https://\${PORTAL_HOST}/portal
  title: costs $\${NOT_A_VARIABLE}
`);

describe('findUnsetEnvironmentVariables', () => {
  it('names every unset variable and the key that reads it', () => {
    expect(findUnsetEnvironmentVariables(config, {})).toEqual([
      { name: 'POSTGRES_HOST', key: 'backend.database.connection.host' },
      {
        name: 'POSTGRES_PASSWORD',
        key: 'backend.database.connection.password',
      },
      { name: 'BACKEND_SECRET', key: 'backend.auth.keys[0].secret' },
      { name: 'PORTAL_HOST', key: 'app.baseUrl' },
    ]);
  });

  it('treats an empty or blank value as unset', () => {
    const found = findUnsetEnvironmentVariables(config, {
      POSTGRES_HOST: ' ',
      POSTGRES_PASSWORD: 'secret',
      BACKEND_SECRET: 'secret',
      PORTAL_HOST: 'portal.acme.test',
    });
    expect(found).toEqual([
      { name: 'POSTGRES_HOST', key: 'backend.database.connection.host' },
    ]);
  });

  it('accepts a config whose variables are all set', () => {
    expect(
      findUnsetEnvironmentVariables(config, {
        POSTGRES_HOST: 'db',
        POSTGRES_PASSWORD: 'secret',
        BACKEND_SECRET: 'secret',
        PORTAL_HOST: 'portal.acme.test',
      }),
    ).toEqual([]);
  });

  describe('with configs loaded after it', () => {
    const production = parse(`
integrations:
  github:
    - host: github.com
      token: \${GITHUB_TOKEN}
backend:
  database:
    connection:
      host: \${POSTGRES_HOST}
      password:
        $env: POSTGRES_PASSWORD
`);

    it('skips a key that a later array replaces whole', () => {
      const githubApp = parse(`
integrations:
  github:
    - host: github.com
      apps:
        - appId: \${GITHUB_APP_ID}
`);
      expect(
        findUnsetEnvironmentVariables(
          production,
          {},
          {
            overriddenBy: [githubApp],
          },
        ),
      ).toEqual([
        { name: 'POSTGRES_HOST', key: 'backend.database.connection.host' },
        {
          name: 'POSTGRES_PASSWORD',
          key: 'backend.database.connection.password',
        },
      ]);
    });

    it('merges objects key by key, so only replaced leaves are skipped', () => {
      const later = [
        { backend: { database: { connection: { host: 'db.internal' } } } },
        { backend: { database: { connection: { password: 'from-env' } } } },
      ];
      expect(
        findUnsetEnvironmentVariables(production, {}, { overriddenBy: later }),
      ).toEqual([
        { name: 'GITHUB_TOKEN', key: 'integrations.github[0].token' },
      ]);
    });

    it('still names a variable when a later object only merges into its parent', () => {
      const later = [{ integrations: { gitlab: [{ host: 'gitlab.com' }] } }];
      expect(
        findUnsetEnvironmentVariables(production, {}, { overriddenBy: later }),
      ).toContainEqual({
        name: 'GITHUB_TOKEN',
        key: 'integrations.github[0].token',
      });
    });
  });
});

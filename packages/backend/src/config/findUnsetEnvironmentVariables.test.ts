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
});

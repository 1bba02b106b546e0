import { ConfigReader } from '@backstage/config';
import { dashboardUid, readDashboardBaseUrl } from './dashboards';

describe('dashboardUid', () => {
  it('keeps uids within Grafana’s 40 characters', () => {
    expect(
      dashboardUid({ service: 'invoice-service', environment: 'dev' }),
    ).toBe('invoice-service-dev');
    const long = dashboardUid({
      service: 'a'.repeat(50),
      environment: 'production',
    });
    expect(long).toHaveLength(40);
    expect(long).not.toBe(
      dashboardUid({ service: 'a'.repeat(51), environment: 'production' }),
    );
  });
});

describe('readDashboardBaseUrl', () => {
  const read = (observability?: object) =>
    readDashboardBaseUrl(
      new ConfigReader(observability ? { platform: { observability } } : {}),
    );

  it("prefers Grafana's API URL, then the configured base, without a trailing slash", () => {
    expect(
      read({
        dashboardBaseUrl: 'https://dashboards.acme.example',
        grafana: {
          url: 'https://grafana.acme.example/',
          token: 't',
          folder: 'f',
        },
      }),
    ).toBe('https://grafana.acme.example');
    expect(read({ dashboardBaseUrl: 'https://grafana.acme.example/' })).toBe(
      'https://grafana.acme.example',
    );
    expect(read()).toBeUndefined();
  });
});

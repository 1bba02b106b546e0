import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import request from 'supertest';
import {
  ALERTMANAGER_BINARY,
  hasAlertmanager,
  startAlertmanager,
  type TestAlertmanager,
} from '../../__testUtils__/startAlertmanager';
import {
  portalPlatformConfig,
  validatedApp,
} from '../../__testUtils__/validatedApp';
import { DeploymentStatusService } from '../DeploymentStatus/DeploymentStatusService';
import { AlertmanagerAlerts } from './AlertmanagerAlerts';

jest.setTimeout(60_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'web' },
  },
  spec: { type: 'service', owner: 'group:default/web-team' },
};
const URL = '/entities/component/default/web';
const logger = mockServices.logger.mock();

/** An app with caches of its own, reading alerts from `baseUrl`; no cluster is watched. */
async function appReading(baseUrl: string) {
  const alerts = AlertmanagerAlerts.fromConfig(
    new ConfigReader({ deploymentStatus: { alertmanager: { baseUrl } } }),
    logger,
  );
  const status = new DeploymentStatusService(
    await portalPlatformConfig(),
    new Map(),
    { alerts },
  );
  return validatedApp({ status, entities: [entity] });
}

const labels = (
  alertname: string,
  environment: string,
  severity: string,
  service = 'web',
) => ({ alertname, service, environment, severity, team: 'web-team' });

const installed = hasAlertmanager();
if (!installed) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the Alertmanager tests: ${ALERTMANAGER_BINARY} is not installed (apt-get install prometheus-alertmanager)`,
  );
}

(installed ? describe : describe.skip)(
  `firing alerts from Debian's Alertmanager (${ALERTMANAGER_BINARY})`,
  () => {
    let alertmanager: TestAlertmanager;

    beforeAll(async () => {
      alertmanager = await startAlertmanager();
      await alertmanager.fire([
        {
          labels: labels('WebTicketBurn', 'dev', 'ticket'),
          annotations: { summary: 'web in dev is burning slowly' },
        },
        {
          labels: labels('WebPageBurn', 'dev', 'page'),
          annotations: {
            summary:
              'web in dev is burning its availability error budget 14.4 times too fast',
            runbook_url: 'https://runbooks.acme.example/web',
          },
          generatorURL: 'http://prometheus.example/graph?g0.expr=up',
        },
        { labels: labels('WebPageBurn', 'production', 'page') },
        { labels: labels('Muted', 'staging', 'page') },
        { labels: labels('ApiPageBurn', 'dev', 'page', 'api') },
      ]);
      await alertmanager.silence({ alertname: 'Muted' });
    });
    afterAll(async () => {
      await alertmanager?.stop();
    });

    const byName = (body: any, name: string) =>
      body.environments.find((e: any) => e.name === name);

    it("groups the service's firing alerts per environment, the most severe first", async () => {
      const response = await request(await appReading(alertmanager.url)).get(
        URL,
      );
      expect(response.status).toBe(200);
      expect(byName(response.body, 'dev').alerts).toEqual({
        firing: [
          {
            name: 'WebPageBurn',
            severity: 'page',
            summary:
              'web in dev is burning its availability error budget 14.4 times too fast',
            startsAt: expect.any(String),
            generatorUrl: 'http://prometheus.example/graph?g0.expr=up',
            runbookUrl: 'https://runbooks.acme.example/web',
          },
          {
            name: 'WebTicketBurn',
            severity: 'ticket',
            summary: 'web in dev is burning slowly',
            startsAt: expect.any(String),
          },
        ],
      });
      // Silenced: someone has taken it in hand.
      expect(byName(response.body, 'staging').alerts).toEqual({ firing: [] });
      expect(
        byName(response.body, 'production').alerts.firing.map(
          (a: any) => a.name,
        ),
      ).toEqual(['WebPageBurn']);
    });

    it('asks Alertmanager once however many viewers ask at once', async () => {
      const app = await appReading(alertmanager.url);
      const before = alertmanager.alertQueries();
      const responses = await Promise.all(
        Array.from({ length: 30 }, () => request(app).get(URL)),
      );
      expect(
        responses.every(r => byName(r.body, 'dev').alerts.firing.length === 2),
      ).toBe(true);
      expect(alertmanager.alertQueries() - before).toBe(1);
    });

    it('says when Alertmanager cannot be read, and still answers', async () => {
      const response = await request(
        await appReading('http://127.0.0.1:1'),
      ).get(URL);
      expect(response.status).toBe(200);
      expect(byName(response.body, 'dev').alerts).toEqual({
        firing: [],
        error: expect.stringMatching(
          /^Could not read alerts from Alertmanager: /,
        ),
      });
    });
  },
);

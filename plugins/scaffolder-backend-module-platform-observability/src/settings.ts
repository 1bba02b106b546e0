import type { Config } from '@backstage/config';

/** The `platform.observability` config, read once. */
export interface ObservabilitySettings {
  dashboardBaseUrl?: string;
  grafana?: { url: string; token: string; folder: string };
  runbookUrl: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

export function readObservabilitySettings(
  config: Config,
): ObservabilitySettings {
  const section = config.getOptionalConfig('platform.observability');
  const grafana = section?.getOptionalConfig('grafana');
  const appBaseUrl = config.getOptionalString('app.baseUrl') ?? '';
  return {
    dashboardBaseUrl: section
      ?.getOptionalString('dashboardBaseUrl')
      ?.replace(/\/+$/, ''),
    grafana: grafana && {
      url: trimSlash(grafana.getString('url')),
      token: grafana.getString('token'),
      folder: grafana.getString('folder'),
    },
    runbookUrl:
      section?.getOptionalString('runbookUrl') ??
      `${trimSlash(appBaseUrl)}/catalog/default/component/{service}`,
  };
}

/**
 * The link to a dashboard under Grafana's URL (`grafana.url`, else
 * `dashboardBaseUrl`), or `undefined` when neither is configured: a bare
 * `/d/<uid>` would resolve against the portal, not Grafana.
 */
export function dashboardUrl(
  settings: ObservabilitySettings,
  uid: string,
): string | undefined {
  const base = settings.grafana?.url ?? settings.dashboardBaseUrl;
  return base ? `${base}/d/${uid}` : undefined;
}

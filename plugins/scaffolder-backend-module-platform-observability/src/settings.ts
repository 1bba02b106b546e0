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

/** The link to a dashboard: under Grafana's URL, or a path when none is known. */
export function dashboardUrl(
  settings: ObservabilitySettings,
  uid: string,
): string {
  const base = settings.grafana?.url ?? settings.dashboardBaseUrl ?? '';
  return `${base}/d/${uid}`;
}

export interface Config {
  platform?: {
    /** How `platform:observability:*` links to and delivers dashboards. */
    observability?: {
      /**
       * Grafana as people reach it, for dashboard links in alerts and outputs
       * when dashboards go out as ConfigMaps (`grafana.url` is used otherwise).
       */
      dashboardBaseUrl?: string;
      /**
       * Deliver dashboards through Grafana's HTTP API instead of as
       * ConfigMaps for Grafana's dashboard sidecar.
       */
      grafana?: {
        /** Grafana's base URL, e.g. https://grafana.acme.example */
        url: string;
        /**
         * A service account token with the Editor role on `folder`.
         * @visibility secret
         */
        token: string;
        /** The uid of the folder dashboards go in. */
        folder: string;
      };
      /**
       * Where an alert's runbook is, with `{service}` replaced; the service's
       * catalog page (from app.baseUrl) when unset.
       */
      runbookUrl?: string;
    };
  };
}

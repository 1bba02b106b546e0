export interface Config {
  platform?: {
    /** How `platform:observability:*` links to and delivers dashboards. */
    observability?: {
      /**
       * Grafana as people reach it, e.g. https://grafana.acme.example, for
       * dashboard links in alerts (`dashboard_url`), the wire action's
       * `dashboardUrls` and the Deployments tab, when dashboards go out as
       * ConfigMaps (`grafana.url` is used otherwise). With neither set, the
       * dashboards are still delivered but no link is written (never a
       * relative `/d/<uid>`, which would resolve against the portal), and
       * `wire` logs a warning saying so.
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

export interface Config {
  /** Deployment status (`@internal/plugin-deployment-status-backend`). */
  deploymentStatus?: {
    /**
     * An Alertmanager whose firing alerts the status shows per environment,
     * found by the labels the portal's alert rules carry (`service`,
     * `environment`, `severity`). Without it, no alerts are shown.
     */
    alertmanager?: {
      /**
       * The Alertmanager's base URL, without `/api/v2`, e.g.
       * `http://alertmanager.monitoring:9093`.
       */
      baseUrl: string;
    };
  };
}

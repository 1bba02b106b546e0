import type { HumanDuration } from '@backstage/types';

export interface Config {
  platform?: {
    /** How the provisioning actions talk to the clusters of the `kubernetes` config. */
    kubernetes?: {
      /**
       * How long one call to a cluster's API may take, answer included,
       * before it is abandoned and made again (server errors, network errors
       * and timeouts are tried 4 times in all, with backoff). A cluster that
       * accepts the connection and never answers would otherwise hold a
       * scaffolder task forever. Defaults to 30 seconds.
       */
      requestTimeout?: HumanDuration | string;
    };
  };
}

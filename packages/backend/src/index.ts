import { createBackend } from '@backstage/backend-defaults';
import { rootConfigServiceFactory } from './config/rootConfigServiceFactory';
import { postgresCheckServiceFactory } from './database/postgresCheckServiceFactory';
import { catalogModuleFilePlaceholders } from './catalog/catalogModuleFilePlaceholders';

const backend = createBackend();

// Fails startup with one message when a config file refers to an unset environment variable.
backend.add(rootConfigServiceFactory);
// Fails startup with one message when PostgreSQL cannot be reached.
backend.add(postgresCheckServiceFactory);

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
// Keeps each task's workspace in the database, for task recovery (scaffolder.taskRecovery).
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-workspace-database'),
);
// Still needed for the RepoUrlPicker's GitHub owner and repository autocompletion.
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// platform:service:plan, the golden path's first step: the request checked against the platform contract;
// platform:catalog:register/unregister and platform:task:fail, its last steps and clean-up
backend.add(import('@internal/plugin-scaffolder-backend-module-platform'));
// platform:kubernetes:*: a service's namespaces on every environment's cluster
backend.add(
  import('@internal/plugin-scaffolder-backend-module-platform-kubernetes'),
);
// platform:observability:*: a service's scrape config, SLO alerts and dashboard per environment
backend.add(
  import('@internal/plugin-scaffolder-backend-module-platform-observability'),
);
// platform:github:*: a service's repository with the organisation's standard applied
backend.add(
  import('@internal/plugin-scaffolder-backend-module-platform-github'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));

// auth plugin
backend.add(import('@backstage/plugin-auth-backend'));
// See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// See https://backstage.io/docs/auth/guest/provider

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
// $yaml/$text placeholders in the portal's own files: the templates share their form and steps
backend.add(catalogModuleFilePlaceholders);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin
backend.add(import('@backstage/plugin-permission-backend'));
// Signed-in users may read and use templates; deleting is for owners and admin groups
backend.add(
  import('@internal/plugin-permission-backend-module-platform-policy'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine
// See https://backstage.io/docs/features/search/search-engines
backend.add(import('@backstage/plugin-search-backend-module-pg'));

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// kubernetes plugin
backend.add(import('@backstage/plugin-kubernetes-backend'));
// what runs where: one shared watch per cluster and kind (GET /api/deployment-status/entities/...)
backend.add(import('@internal/plugin-deployment-status-backend'));

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// platform plugin: environments and tiers for template forms (GET /api/platform/config)
backend.add(import('@internal/plugin-platform-backend'));

// mcp actions plugin
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// A failed start (a root service or a plugin that cannot initialise) leaves
// timers and pools holding the event loop; exit so that a supervisor sees the
// failure and restarts the container instead of it hanging half-started.
backend.start().catch(error => {
  process.stderr.write(`Backend failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});

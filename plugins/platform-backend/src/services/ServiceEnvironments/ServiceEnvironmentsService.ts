import type { ServiceEnvironments } from '@internal/plugin-platform-common';

/** A service as its catalog entity names it. */
export interface ServiceRef {
  /** The Component's full entity ref, e.g. `component:default/invoice-service`. */
  entityRef: string;
  /** The entity's name, which names its namespaces. */
  name: string;
}

/** Where a service has its namespaces: in each environment, and its previews. */
export interface ServiceEnvironmentsService {
  environmentsOf(service: ServiceRef): Promise<ServiceEnvironments>;
}

import {
  PatchStrategy,
  dumpYaml,
  loadYaml,
  type KubernetesObject,
  type KubernetesObjectApi,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { FIELD_MANAGER } from '@internal/plugin-platform-common';
import type { Manifest } from './types';
import { statusOf, toProvisioningError, withRetries } from './errors';
import { matches } from './matches';
import { removesNothing } from './ownership';

/** What applying one object did (or, in a dry run, would do). */
export interface AppliedObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  action: 'created' | 'updated' | 'unchanged';
}

/**
 * The client library (de)serialises known kinds through its generated
 * models, whose fields differ from the API's where the API uses a reserved
 * word (`default` is `_default`, `from` is `_from`): objects go in as models
 * and come out in the API's own form.
 */
function toModel(manifest: Manifest): KubernetesObject {
  return loadYaml<KubernetesObject>(JSON.stringify(manifest));
}

function toWire(object: KubernetesObject): KubernetesObject {
  return parse(dumpYaml(object)) as KubernetesObject;
}

/**
 * Maps inside lists the portal sets whole (server-side apply replaces such a
 * list, so a key it does not set must not be there). A map key it set before
 * and no longer sets is found through its managed fields (`removesNothing`).
 */
const EXACT_PATHS: Record<string, string[]> = {
  LimitRange: [
    'spec.limits[]',
    'spec.limits[].default',
    'spec.limits[].defaultRequest',
    'spec.limits[].max',
  ],
  // A group's rules list is atomic: applying it replaces every rule whole.
  PrometheusRule: [
    'spec.groups[].rules[]',
    'spec.groups[].rules[].labels',
    'spec.groups[].rules[].annotations',
  ],
};

/**
 * Applies objects to one cluster with server-side apply under the portal's
 * field manager, so fields others set are left alone. Each object is read
 * first and applied only when it differs, so a run that finds nothing to
 * change makes no write. Conflicting fields are taken back (`force`): that
 * is how drift is put back.
 */
export class ObjectApplier {
  /**
   * `api` is a client for the cluster named `cluster`, made by
   * `PlatformClusters.applier`, whose calls time out after
   * `requestTimeoutMs` (given here for messages).
   */
  constructor(
    private readonly cluster: string,
    private readonly api: KubernetesObjectApi,
    private readonly options: { requestTimeoutMs?: number } = {},
  ) {}

  private describe(manifest: Manifest, verb: string) {
    return {
      cluster: this.cluster,
      verb,
      kind: manifest.kind,
      namespace: manifest.metadata.namespace,
      name: manifest.metadata.name,
      timeoutMs: this.options.requestTimeoutMs,
    };
  }

  /** The live object, or undefined when there is none. */
  async read(manifest: Manifest): Promise<KubernetesObject | undefined> {
    try {
      const live = await withRetries(() =>
        this.api.read({
          apiVersion: manifest.apiVersion,
          kind: manifest.kind,
          metadata: {
            name: manifest.metadata.name,
            namespace: manifest.metadata.namespace!,
          },
        }),
      );
      return toWire(live);
    } catch (error) {
      if (statusOf(error) === 404) {
        return undefined;
      }
      throw toProvisioningError(error, this.describe(manifest, 'read'));
    }
  }

  /** Applies one object (server-side dry run with `dryRun`) and returns what the server answered. */
  async apply(manifest: Manifest, dryRun: boolean): Promise<KubernetesObject> {
    try {
      const applied = await withRetries(() =>
        this.api.patch(
          toModel(manifest),
          undefined,
          dryRun ? 'All' : undefined,
          FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        ),
      );
      return toWire(applied);
    } catch (error) {
      throw toProvisioningError(error, this.describe(manifest, 'apply'));
    }
  }

  /**
   * Whether a live object already holds what `manifest` sets, and applying it
   * would remove nothing the portal set before: then applying changes nothing.
   */
  static upToDate(manifest: Manifest, live: KubernetesObject): boolean {
    const { apiVersion: _v, kind: _k, ...fields } = manifest;
    return (
      matches(fields, live, EXACT_PATHS[manifest.kind] ?? []) &&
      removesNothing(manifest, live, FIELD_MANAGER)
    );
  }

  /**
   * Applies objects in order. In a dry run, objects inside a namespace that
   * would be created are not sent (the server cannot dry-run into a
   * namespace that does not exist) and are reported as they would be created.
   * `onApplied` hears of each object as soon as it is applied, so a caller
   * knows what was created before a later object failed.
   */
  async applyAll(
    manifests: Manifest[],
    options: {
      dryRun: boolean;
      onApplied?: (applied: AppliedObject) => void;
    },
  ): Promise<Array<AppliedObject & { object: KubernetesObject }>> {
    const results: Array<AppliedObject & { object: KubernetesObject }> = [];
    const newNamespaces = new Set<string>();
    for (const manifest of manifests) {
      const summary = {
        apiVersion: manifest.apiVersion,
        kind: manifest.kind,
        name: manifest.metadata.name,
        ...(manifest.metadata.namespace && {
          namespace: manifest.metadata.namespace,
        }),
      };
      if (
        options.dryRun &&
        manifest.metadata.namespace &&
        newNamespaces.has(manifest.metadata.namespace)
      ) {
        results.push({ ...summary, action: 'created', object: manifest });
        continue;
      }
      const live = await this.read(manifest);
      if (live && ObjectApplier.upToDate(manifest, live)) {
        results.push({ ...summary, action: 'unchanged', object: live });
        continue;
      }
      const object = await this.apply(manifest, options.dryRun);
      if (!live && manifest.kind === 'Namespace') {
        newNamespaces.add(manifest.metadata.name);
      }
      const action = live ? 'updated' : 'created';
      results.push({ ...summary, action, object });
      options.onApplied?.({ ...summary, action });
    }
    return results;
  }

  /** Deletes an object; true when it was there. */
  async delete(manifest: Manifest): Promise<boolean> {
    try {
      await withRetries(() =>
        this.api.delete({
          apiVersion: manifest.apiVersion,
          kind: manifest.kind,
          metadata: {
            name: manifest.metadata.name,
            namespace: manifest.metadata.namespace!,
          },
        }),
      );
      return true;
    } catch (error) {
      if (statusOf(error) === 404) {
        return false;
      }
      throw toProvisioningError(error, this.describe(manifest, 'delete'));
    }
  }
}

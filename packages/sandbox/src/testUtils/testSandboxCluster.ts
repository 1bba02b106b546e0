import type { KubeConfig } from '@kubernetes/client-node';
import type { FaultInjector } from '../faults';
import type { RequestLog } from '../http/requestLog';
import type {
  KubernetesObject,
  KubernetesServer,
  KubernetesStore,
} from '../kubernetes';
import { kubeConfig } from './kubeConfig';
import { kubectlFor, type Kubectl, type KubectlResult } from './kubectl';

/** A test sandbox's cluster: the server, clients for it, and readers of its objects. */
export interface TestSandboxCluster {
  /** The name in `kubernetes.clusterLocatorMethods` and `platform.environments`. */
  name: string;
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** A cluster-admin bearer token, which clients use when given none and the config fragment carries. */
  token: string;
  /** The PEM certificate the cluster serves, to trust as its CA; undefined over plain HTTP. */
  caCert?: string;
  /** The server itself, for what the helpers here do not cover. */
  server: KubernetesServer;
  /** The objects, as the server holds them. */
  store: KubernetesStore;
  /** Every API request the cluster received. */
  requests: RequestLog;
  /** Switchable faults (5xx, latency, dropped watches) for the cluster's routes. */
  faults: FaultInjector;
  /** A `@kubernetes/client-node` configuration for `token` ({@link TestSandboxCluster.token} by default). */
  kubeConfig(token?: string): KubeConfig;
  /** Runs the machine's kubectl against the cluster as the admin token; never throws on a failed command. */
  kubectl(args: string[], options?: { input?: string }): Promise<KubectlResult>;
  /** An object as stored, found by `apiVersion` and `kind`; undefined when absent. */
  get(
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): KubernetesObject | undefined;
  /** Objects of a kind, in a namespace or in all of them, optionally selected by labels (`app=web,tier!=db`). */
  list(
    apiVersion: string,
    kind: string,
    options?: { namespace?: string; labelSelector?: string },
  ): KubernetesObject[];
}

/** The helpers of {@link TestSandboxCluster} over a running server; `close` removes kubectl's folder. */
export function testSandboxCluster(
  server: KubernetesServer,
  token: string,
  caCert: string | undefined,
): TestSandboxCluster & { close(): Promise<void> } {
  const { store } = server;
  let kubectl: Promise<Kubectl> | undefined;
  const refOf = (
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
  ) => {
    const found = store.registry.findByKind(apiVersion, kind);
    if (!found) {
      throw new Error(`The sandbox serves no ${kind} in ${apiVersion}`);
    }
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    return {
      group,
      version,
      resource: found.resource,
      namespace: found.namespaced ? namespace : undefined,
      name,
    };
  };
  return {
    name: server.name,
    url: server.url,
    token,
    caCert,
    server,
    store,
    requests: server.requests,
    faults: server.faults,
    kubeConfig: (as = token) => kubeConfig(server.url, as, { caCert }),
    async kubectl(args, options) {
      kubectl ??= kubectlFor(server.url, {
        token,
        caCert,
        tmpPrefix: `kubectl-${server.name}-`,
      });
      return (await kubectl)(args, options);
    },
    get: (apiVersion, kind, name, namespace = 'default') =>
      store.find(refOf(apiVersion, kind, namespace, name)),
    list: (apiVersion, kind, options = {}) =>
      store.list(refOf(apiVersion, kind, options.namespace), {
        labelSelector: options.labelSelector,
      }).items,
    close: async () => {
      await (await kubectl)?.remove();
    },
  };
}

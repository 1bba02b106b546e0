import { limitRangerAdmission } from '../../limitRanges';
import { podSecurityAdmission } from '../../podSecurity';
import {
  resourceQuotaAdmission,
  startQuotaStatusController,
} from '../../quota';
import { KubernetesStore } from '../../store/KubernetesStore';
import { refOf } from '../refs';
import { type ControllerOptions, startControllers } from '../startControllers';

/** A store with the server's admission plugins and the controllers running on it. */
export function startTestCluster(options: ControllerOptions = {}) {
  const store = new KubernetesStore();
  store.addAdmissionPlugin(limitRangerAdmission(store));
  store.addAdmissionPlugin(resourceQuotaAdmission(store));
  store.addAdmissionPlugin(podSecurityAdmission(store));
  const stopQuota = startQuotaStatusController(store);
  store.create(
    { group: '', version: 'v1', resource: 'namespaces' },
    { metadata: { name: 'default' } },
  );
  // What the controllers complain about; a test fails on any.
  const warnings: string[] = [];
  const logger = {
    info: () => undefined,
    warn: (m: string) => warnings.push(m),
    error: (m: string) => warnings.push(m),
  };
  const controllers = startControllers(
    store,
    { podReadyDelayMs: 20, progressDeadlineScale: 0.001, ...options },
    logger,
  );
  return {
    store,
    controllers,
    warnings,
    get: (
      kind: 'Deployment' | 'ReplicaSet' | 'Pod',
      name: string,
      namespace = 'default',
    ) => store.find(refOf(kind, namespace, name)),
    list: (
      kind: 'Deployment' | 'ReplicaSet' | 'Pod' | 'Event',
      namespace = 'default',
      labelSelector?: string,
    ) => store.list(refOf(kind, namespace), { labelSelector }).items,
    /** Stops everything; fails if the controllers logged a problem meanwhile. */
    async stop() {
      await controllers.stop();
      stopQuota();
      store.close();
      if (warnings.length)
        throw new Error(`controllers complained: ${warnings.join('; ')}`);
    },
  };
}

export type TestCluster = ReturnType<typeof startTestCluster>;

/**
 * One cluster per test of a describe block: each test calls `start` (with
 * its options), and the cluster is stopped after the test, failing it if the
 * controllers complained. The other members read the current test's cluster.
 */
export function useTestCluster() {
  let current: TestCluster | undefined;
  const started = (): TestCluster => {
    if (!current) {
      throw new Error('The test has not started its cluster');
    }
    return current;
  };
  afterEach(async () => {
    await current?.stop();
  });
  return {
    start(options?: ControllerOptions): TestCluster {
      current = startTestCluster(options);
      return current;
    },
    get store() {
      return started().store;
    },
    get controllers() {
      return started().controllers;
    },
    get warnings() {
      return started().warnings;
    },
    get: (...args: Parameters<TestCluster['get']>) => started().get(...args),
    list: (...args: Parameters<TestCluster['list']>) => started().list(...args),
    stop: () => started().stop(),
  };
}

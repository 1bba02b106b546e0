import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import { FaultInjector } from '../faults';
import { listenOnLoopback, type TlsCredentials } from '../http/listen';
import { RequestLog } from '../http/requestLog';
import type { SandboxLogger } from '../logger';
import {
  type AnonymousAccess,
  Authenticator,
  type AzureAuthentication,
  type GoogleAuthentication,
  type KubernetesToken,
} from './auth';
import type { AwsIamAuthentication } from './awsIam';
import {
  AGGREGATED_DISCOVERY_TYPE,
  Discovery,
  VERSION_INFO,
} from './discovery';
import { handleResource } from './http/resourceHandler';
import { isKubernetesWrite } from './isWriteRequest';
import { parseApiPath } from './http/parsePath';
import { limitRangerAdmission } from './limitRanges';
import { podSecurityAdmission } from './podSecurity';
import { serveOpenApi } from './openapi';
import { resourceQuotaAdmission, startQuotaStatusController } from './quota';
import { KubernetesApiError, resourceNotFound, statusBody } from './status';
import { KubernetesStore } from './store/KubernetesStore';
import { dropWatches } from './watch';
import { StorePersistence, stateFile } from './store/persistence';

export interface KubernetesServerOptions {
  /** The cluster's name, as in `kubernetes.clusterLocatorMethods`; names the state file. */
  name: string;
  /** 0 or absent picks a free port. */
  port?: number;
  /** State is saved to `<stateDir>/kubernetes/<name>.json` and restored on start; in memory only when absent. */
  stateDir?: string;
  /** Accepted bearer tokens; without any, every request is let in as a cluster admin. */
  tokens?: KubernetesToken[];
  /**
   * Lets EKS tokens (`k8s-aws-v1.`) signed for `clusterId` by one of the
   * `identities` in, as the user it maps to, as an EKS cluster's AWS IAM
   * authenticator does (the signature is checked here, as STS would).
   */
  awsIam?: AwsIamAuthentication;
  /** Lets Google access tokens in as their service account, as a GKE cluster does. */
  google?: GoogleAuthentication;
  /** Lets Entra ID access tokens of the clients listed in, as an AKS cluster with Entra integration does. */
  azure?: AzureAuthentication;
  /**
   * Lets requests without a token in as `system:anonymous` with these rules,
   * instead of answering 401; kubectl sends no token over plain HTTP.
   */
  anonymous?: AnonymousAccess;
  /**
   * Serve HTTPS with this key and certificate, as real API servers do;
   * kubectl sends bearer tokens over HTTPS only.
   */
  tls?: TlsCredentials;
  logger?: SandboxLogger;
}

export interface KubernetesServer {
  name: string;
  /** `http(s)://127.0.0.1:<port>`, the cluster URL to configure. */
  url: string;
  faults: FaultInjector;
  /** Every API request, oldest first, for tests to count calls and writes. */
  requests: RequestLog;
  /** The objects, for tests and controllers in the same process. */
  store: KubernetesStore;
  /**
   * Cuts the connection of every open watch, as an API server restart or a
   * load balancer's idle timeout does; returns how many were open.
   */
  dropWatches(): number;
  stop(): Promise<void>;
}

function sendError(res: Response, error: unknown, logger?: SandboxLogger) {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof KubernetesApiError) {
    res.status(error.code).json(error.toStatus());
    return;
  }
  logger?.error(
    `Kubernetes sandbox request failed: ${(error as Error).stack ?? error}`,
  );
  res
    .status(500)
    .json(
      statusBody(
        500,
        `Internal error occurred: ${(error as Error).message}`,
        'InternalError',
      ),
    );
}

/** A Kubernetes-compatible API server for one sandbox cluster, over plain HTTP on 127.0.0.1. */
export async function startKubernetesServer(
  options: KubernetesServerOptions,
): Promise<KubernetesServer> {
  const { name, logger } = options;
  const store = new KubernetesStore();
  store.addAdmissionPlugin(limitRangerAdmission(store));
  store.addAdmissionPlugin(resourceQuotaAdmission(store));
  store.addAdmissionPlugin(podSecurityAdmission(store));
  const stopQuota = startQuotaStatusController(store);
  const persistence = options.stateDir
    ? new StorePersistence(store, stateFile(options.stateDir, name), logger)
    : undefined;
  if (persistence && (await persistence.load())) {
    logger?.info(
      `Restored Kubernetes sandbox cluster ${name} from ${options.stateDir}`,
    );
  }
  if (
    !store.find({
      group: '',
      version: 'v1',
      resource: 'namespaces',
      name: 'default',
    })
  ) {
    for (const namespace of ['default', 'kube-system', 'kube-public']) {
      store.create(
        { group: '', version: 'v1', resource: 'namespaces' },
        { metadata: { name: namespace } },
      );
    }
  }

  const faults = new FaultInjector({
    errorBody: (status, message) => statusBody(status, message),
  });
  const requests = new RequestLog({
    userOf: (_req, res) => res.locals.caller?.user,
    isWrite: isKubernetesWrite,
  });
  const authenticator = new Authenticator(
    options.tokens,
    options.anonymous,
    options.awsIam,
    options.google,
    options.azure,
  );
  const discovery = new Discovery(store.registry);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requests.middleware());
  app.use(faults.middleware());
  app.use('/_sandbox/faults', faults.adminRouter());
  for (const path of ['/healthz', '/livez', '/readyz']) {
    app.get(path, (_req, res) => {
      res.type('text/plain').send('ok');
    });
  }
  app.get('/version', (_req, res) => {
    res.json(VERSION_INFO);
  });
  app.use(express.raw({ type: () => true, limit: '3mb' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.caller = authenticator.authenticate(req);
      next();
    } catch (error) {
      sendError(res, error, logger);
    }
  });
  app.get(['/openapi/v2', '/openapi/v3', '/openapi/v3/*'], serveOpenApi);
  app.use((req: Request, res: Response) => {
    try {
      const path = parseApiPath(req.path);
      if (!path) throw resourceNotFound();
      if (path.type === 'resource') {
        handleResource(store, res.locals.caller, req, res, path);
        return;
      }
      if (req.method !== 'GET')
        throw new KubernetesApiError(
          405,
          'the server does not allow this method on the requested resource',
          'MethodNotAllowed',
        );
      const aggregated =
        (req.headers.accept ?? '').includes('as=APIGroupDiscoveryList') &&
        (req.headers.accept ?? '').includes('v=v2;');
      if (
        aggregated &&
        (path.type === 'coreVersions' || path.type === 'groupList')
      ) {
        res
          .status(200)
          .type(AGGREGATED_DISCOVERY_TYPE)
          .send(
            JSON.stringify(discovery.aggregated(path.type === 'coreVersions')),
          );
        return;
      }
      let body: unknown;
      if (path.type === 'coreVersions')
        body = discovery.coreVersions(
          `${req.hostname}:${req.socket.localPort}`,
        );
      else if (path.type === 'groupList') body = discovery.groupList();
      else if (path.type === 'group') body = discovery.group(path.group);
      else body = discovery.resourceList(path.group, path.version);
      if (!body) throw resourceNotFound();
      res.json(body);
    } catch (error) {
      sendError(res, error, logger);
    }
  });

  const server = await listenOnLoopback(app, options.port ?? 0, options.tls);
  return {
    name,
    url: server.url,
    faults,
    requests,
    store,
    dropWatches: () => dropWatches(store),
    stop: async () => {
      stopQuota();
      store.close();
      await server.close();
      await persistence?.close();
    },
  };
}

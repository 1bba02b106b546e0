import { DEPLOYMENT_ANNOTATIONS } from '@internal/plugin-platform-common';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { Octokit } from '@octokit/rest';
import { startSandbox, type Sandbox } from '../startSandbox';

const GITHUB_TOKEN = 'gitops-test-github-token';
const KUBE_TOKEN = 'gitops-test-kube-token';

const files = (entries: Record<string, string>) =>
  Object.entries(entries).map(([path, text]) => ({
    path,
    content: Buffer.from(text),
  }));

const deploymentYaml = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels:
    app.kubernetes.io/name: shop
    backstage.io/kubernetes-id: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop
        backstage.io/kubernetes-id: shop
    spec:
      containers:
        - name: shop
${image ? `          image: ${image}\n` : ''}          ports:
            - containerPort: 8080
`;

// An overlay per environment on shared manifests, as the golden-path skeleton has them.
const baseKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
`;

const devKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-dev
resources:
  - ../base
`;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('GitOpsSync', () => {
  let sandbox: Sandbox;
  let octokit: Octokit;
  let apps: AppsV1Api;
  let core: CoreV1Api;

  beforeAll(async () => {
    sandbox = await startSandbox({
      github: {
        tokens: [{ token: GITHUB_TOKEN, login: 'dev' }],
        organizations: [
          { login: 'acme', members: [{ login: 'dev', role: 'admin' }] },
        ],
      },
      clusters: [
        {
          name: 'test-cluster',
          https: true,
          tokens: [{ token: KUBE_TOKEN, user: 'admin' }],
        },
      ],
      environments: [{ name: 'dev', cluster: 'test-cluster' }],
      rollout: { podReadyDelayMs: 30 },
    });
    octokit = new Octokit({
      baseUrl: sandbox.github!.apiBaseUrl,
      auth: GITHUB_TOKEN,
    });
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'test-cluster',
          server: sandbox.clusters.get('test-cluster')!.url,
          caData: Buffer.from(sandbox.certificate!.cert).toString('base64'),
        },
      ],
      users: [{ name: 'admin', token: KUBE_TOKEN }],
      contexts: [{ name: 'test', cluster: 'test-cluster', user: 'admin' }],
      currentContext: 'test',
    });
    apps = kc.makeApiClient(AppsV1Api);
    core = kc.makeApiClient(CoreV1Api);
    await octokit.repos.createInOrg({
      org: 'acme',
      name: 'shop',
      auto_init: true,
    });
  }, 30_000);

  afterAll(async () => {
    await sandbox?.stop();
  });

  const commit = async (message: string, entries: Record<string, string>) => {
    const created = await sandbox.github!.repositories.commitFiles(
      'acme',
      'shop',
      {
        branch: 'main',
        message,
        author: { name: 'Dev', email: 'dev@acme.example' },
        changes: files(entries),
      },
    );
    await sandbox.gitops!.idle();
    return created.sha;
  };

  const latestStatus = async () => {
    const { data: deployments } = await octokit.repos.listDeployments({
      owner: 'acme',
      repo: 'shop',
      environment: 'dev',
    });
    const { data: statuses } = await octokit.repos.listDeploymentStatuses({
      owner: 'acme',
      repo: 'shop',
      deployment_id: deployments[0].id,
    });
    return { deployment: deployments[0], status: statuses[0] };
  };

  it('waits for the namespace, then deploys the pushed commit and records it', async () => {
    const sha = await commit('Deploy shop to dev', {
      'deploy/base/deployment.yaml': deploymentYaml('shop:1.0.0'),
      'deploy/base/kustomization.yaml': baseKustomization,
      'deploy/dev/kustomization.yaml': devKustomization,
    });

    const queued = await latestStatus();
    expect(queued.deployment).toMatchObject({
      sha,
      ref: 'main',
      environment: 'dev',
    });
    expect(queued.status).toMatchObject({
      state: 'queued',
      description: 'Waiting for namespace shop-dev in test-cluster',
    });

    await core.createNamespace({ body: { metadata: { name: 'shop-dev' } } });
    await sandbox.gitops!.idle();

    const applied = await latestStatus();
    expect(applied.status).toMatchObject({
      state: 'success',
      description: 'Applied 1 objects to test-cluster/shop-dev',
    });
    const deployment = await apps.readNamespacedDeployment({
      name: 'shop',
      namespace: 'shop-dev',
    });
    expect(deployment.metadata?.annotations).toMatchObject({
      [DEPLOYMENT_ANNOTATIONS.commitSha]: sha,
      [DEPLOYMENT_ANNOTATIONS.deployedAt]: expect.stringMatching(/^\d{4}-/),
    });

    // The rollout simulation brings the pods up.
    await waitFor(async () => {
      const { status } = await apps.readNamespacedDeployment({
        name: 'shop',
        namespace: 'shop-dev',
      });
      return status?.readyReplicas === 2;
    });
  }, 30_000);

  it('reports a manifest the cluster refuses as a failed deployment', async () => {
    await commit('Break the manifest', {
      'deploy/base/deployment.yaml': deploymentYaml(''),
    });
    const { status } = await latestStatus();
    expect(status.state).toBe('failure');
    expect(status.description).toContain(
      'spec.template.spec.containers[0].image',
    );
    const deployment = await apps.readNamespacedDeployment({
      name: 'shop',
      namespace: 'shop-dev',
    });
    expect(deployment.spec?.template.spec?.containers[0].image).toBe(
      'shop:1.0.0',
    );
  }, 30_000);

  it('syncs pushes to the default branch only', async () => {
    const before = (
      await octokit.repos.listDeployments({ owner: 'acme', repo: 'shop' })
    ).data.length;
    await sandbox.github!.repositories.commitFiles('acme', 'shop', {
      branch: 'feature',
      message: 'Work in progress',
      author: { name: 'Dev', email: 'dev@acme.example' },
      changes: files({
        'deploy/base/deployment.yaml': deploymentYaml('shop:2'),
      }),
    });
    await commit('Docs only', { 'README.md': '# Shop\n' });
    await sandbox.gitops!.idle();
    const after = (
      await octokit.repos.listDeployments({ owner: 'acme', repo: 'shop' })
    ).data.length;
    // The README commit still carries deploy/dev, so it deploys again; the branch does not.
    expect(after).toBe(before + 1);
  }, 30_000);
});

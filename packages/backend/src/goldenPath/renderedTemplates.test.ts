import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readPlatformConfig } from '@internal/plugin-platform-common';
import {
  DEBIAN_PYTHON,
  portalPlatformConfig,
  pythonSkeletonEnv,
} from '@internal/plugin-platform-common/testUtils';
import { PlatformClusters } from '@internal/plugin-platform-node';
import { runAction } from '@internal/plugin-platform-node/testUtils';
import { createEnsureNamespacesAction } from '@internal/plugin-scaffolder-backend-module-platform-kubernetes';
import { createWireObservabilityAction } from '@internal/plugin-scaffolder-backend-module-platform-observability';
import { podSecurityViolations, waitFor } from '@internal/sandbox/testUtils';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  environmentManifests,
  type ManifestObject,
  modelErrors,
} from './__testUtils__/kubernetesManifests';
import {
  discoverTemplates,
  EXAMPLE_VALUES,
  exampleValues,
  type RenderedTemplate,
  renderTemplate,
  skeletonHas,
  type TemplateUnderTest,
} from './__testUtils__/renderTemplate';
import { describeRun, runCommand } from './__testUtils__/runCommand';
import { startTestPortal, type TestPortal } from './__testUtils__/testPortal';

// Rendering starts the scaffolder; the Node.js skeleton installs from the
// npm registry.
jest.setTimeout(300_000);

/**
 * Values per template beyond {@link EXAMPLE_VALUES} and the parameters'
 * defaults, for parameters a template has of its own.
 */
const TEMPLATE_VALUES: Record<string, JsonObject> = {
  // Offers only the gpu tier; its Deployment gets GPUs, a node selector and
  // tolerations, its namespaces a GPU and storage quota.
  'ai-inference-service': {
    deployment: { environments: ['dev', 'production'], tier: 'gpu' },
    model: {
      uri: 'https://models.acme.example/churn/1/model.json',
      sha256:
        '6b8a2a1ec6a5e1e4a1b0d4f2c3e5a7b9d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1',
      storage: '20Gi',
    },
  },
};

/** Runs a command in `cwd`; throws with what it printed unless it succeeds. */
async function mustSucceed(
  command: string,
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    throw new Error(describeRun(command, args, result));
  }
  return result;
}

/** npm settings of the machine that hold for the rendered repository too: where and through what it downloads. */
const KEPT_NPM_SETTINGS =
  /^npm_config_(registry|cache|userconfig|cafile|strict_ssl|proxy|https_proxy|noproxy)$/i;

/**
 * The environment without what the package manager running these tests
 * adds for its own scripts (`npm_package_*`, `npm_config_local_prefix`,
 * yarn's `YARN_*`, ...), so npm in the rendered folder behaves as it does
 * in the new repository's CI.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        KEPT_NPM_SETTINGS.test(key) || !/^(npm_|YARN_|BERRY_)/i.test(key),
    ),
  );
}

const deploymentOf = (values: JsonObject) =>
  (values.deployment ?? {}) as { environments?: string[]; tier?: string };

const templates = discoverTemplates();
const rendering = templates.filter(template => template.skeletons.length > 0);

describe('the golden-path templates, rendered as the portal renders them', () => {
  let backend: TestPortal;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'rendered-templates-'));
    backend = await startTestPortal({
      templates: rendering.map(template => template.folder),
    });
  });
  afterAll(async () => {
    await backend?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('finds every template, the Node.js golden path among them', () => {
    expect(templates.map(t => t.folder)).toContain('golden-path-service');
    expect(rendering.map(t => t.folder)).toContain('golden-path-service');
  });

  describe.each(rendering.map((t, i) => [t.folder, t, i] as const))(
    'templates/%s',
    (_folder, template: TemplateUnderTest, index: number) => {
      const values = exampleValues(template, {
        ...EXAMPLE_VALUES,
        // Short (a service's name ends up in longer names: namespaces, the
        // repository's marker topic) and different per template, as their
        // namespaces share the sandbox's clusters.
        name: `rendered-${index + 1}`,
        ...TEMPLATE_VALUES[template.folder],
      });
      let rendered: RenderedTemplate;

      beforeAll(async () => {
        rendered = await renderTemplate(
          backend,
          template,
          values,
          join(workDir, template.folder),
        );
      });

      const file = (path: string) => readFile(join(rendered.dir, path), 'utf8');

      if (skeletonHas(template, 'package.json')) {
        it('installs and passes its own tests, build and lint (Node.js)', async () => {
          const cwd = rendered.dir;
          const env = cleanEnv();
          const { scripts = {} } = JSON.parse(await file('package.json'));
          await mustSucceed(
            'npm',
            ['install', '--no-audit', '--no-fund', '--prefer-offline'],
            { cwd, env },
          );
          expect(scripts.test).toBeDefined();
          await mustSucceed('npm', ['test'], { cwd, env });
          for (const script of ['build', 'lint']) {
            if (scripts[script]) {
              await mustSucceed('npm', ['run', script], { cwd, env });
            }
          }
        });
      }

      if (
        skeletonHas(template, 'pyproject.toml') ||
        skeletonHas(template, 'requirements.txt')
      ) {
        // CI reaches the npm registry and Debian's packages, not PyPI: the
        // skeleton's tests run on Debian's interpreter with the packages
        // .ci/run installs (FastAPI, uvicorn, prometheus_client, pytest,
        // httpx) instead of a pip install of its requirements.
        it('passes its own tests with pytest (Python)', async () => {
          await mustSucceed(
            DEBIAN_PYTHON,
            ['-m', 'pytest', '-p', 'no:cacheprovider', '-q'],
            { cwd: rendered.dir, env: pythonSkeletonEnv() },
          );
        });
      }

      if (skeletonHas(template, '.github/workflows')) {
        it("renders GitHub Actions workflows that GitHub's own parser accepts", async () => {
          const workflows = rendered.files.filter(path =>
            /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path),
          );
          expect(workflows).not.toEqual([]);
          const { stdout } = await mustSucceed(
            process.execPath,
            [join(__dirname, '__testUtils__/parseWorkflows.mjs'), ...workflows],
            { cwd: rendered.dir },
          );
          const results: Array<{
            file: string;
            errors: Array<{ message: string }>;
          }> = JSON.parse(stdout);
          // The parser's messages name the file, line and column.
          const errors = results.flatMap(({ file: path, errors: found }) =>
            found.map(({ message }) =>
              message.startsWith(path) ? message : `${path}: ${message}`,
            ),
          );
          expect(errors).toEqual([]);
          expect(results.map(r => r.file)).toEqual(workflows);
        });
      }

      // A template that asks where the service runs renders deploy/<environment>/
      // for each environment chosen (the golden-path contract).
      const environments = (values.deployment as JsonObject | undefined)
        ?.environments as string[] | undefined;
      if (environments) {
        describe('its Kubernetes manifests, per environment', () => {
          const manifests = new Map<
            string,
            { yaml: string; objects: ManifestObject[] }
          >();

          beforeAll(async () => {
            // A render that failed fails every test on its own.
            if (!rendered) return;
            for (const environment of environments) {
              const folder = `deploy/${environment}`;
              if (existsSync(join(rendered.dir, folder))) {
                manifests.set(
                  environment,
                  await environmentManifests(rendered.dir, folder),
                );
              }
            }
          });

          it('has a deploy/<environment> folder for each environment chosen', () => {
            expect([...manifests.keys()]).toEqual(environments);
            const empty = [...manifests]
              .filter(([, { objects }]) => objects.length === 0)
              .map(([environment]) => environment);
            expect(empty).toEqual([]);
          });

          it('validates every object with its kubernetes-models model', () => {
            const errors = [...manifests.values()].flatMap(({ objects }) =>
              objects.flatMap(modelErrors),
            );
            expect(errors).toEqual([]);
          });

          it("gives every Deployment's pods the restricted Pod Security level", () => {
            const deployments = [...manifests.values()].flatMap(({ objects }) =>
              objects.filter(({ object }) => object.kind === 'Deployment'),
            );
            expect(deployments).not.toEqual([]);
            const violations = deployments.flatMap(({ object, origin }) =>
              podSecurityViolations(
                'restricted',
                (object.spec as { template: any }).template,
              ).map(violation => `${origin}: ${violation}`),
            );
            expect(violations).toEqual([]);
          });

          if (deploymentOf(values).tier === 'gpu') {
            it("runs on the gpu tier's nodes with its GPUs, and keeps the model on a claim of the size asked", async () => {
              const platform = await portalPlatformConfig();
              const gpu = readPlatformConfig(
                new ConfigReader({ ...backend.sandbox.config(), platform }),
              ).tiers.find(tier => tier.name === 'gpu')!.gpu!;
              for (const [environment, { objects }] of manifests) {
                const kinds = objects.map(({ object }) => object.kind);
                expect(kinds).toContain('PersistentVolumeClaim');
                const claim = objects.find(
                  ({ object }) => object.kind === 'PersistentVolumeClaim',
                )!.object as any;
                expect(claim.spec.resources.requests.storage).toBe(
                  (values.model as JsonObject).storage,
                );
                const pod = (
                  objects.find(({ object }) => object.kind === 'Deployment')!
                    .object as any
                ).spec.template.spec;
                expect({ environment, nodeSelector: pod.nodeSelector }).toEqual(
                  { environment, nodeSelector: gpu.nodeSelector },
                );
                expect(pod.tolerations).toEqual(gpu.tolerations);
                const [container] = pod.containers;
                expect(container.resources.limits[gpu.resource]).toBe(
                  String(gpu.perContainer),
                );
                expect(
                  pod.volumes.find((v: any) => v.persistentVolumeClaim)
                    .persistentVolumeClaim.claimName,
                ).toBe(claim.metadata.name);
                expect(container.startupProbe.httpGet.path).toBe('/readyz');
              }
            });
          }

          if (
            JSON.stringify(template.template).includes(
              'platform:observability:wire',
            )
          ) {
            it("is scraped by the ServiceMonitor wire applies: it selects the Service, on a port reaching the container's metrics port", async () => {
              const platform = await portalPlatformConfig();
              const config = new ConfigReader({
                ...backend.sandbox.config(),
                platform,
              });
              const action = createWireObservabilityAction({
                config,
                clusters: PlatformClusters.fromConfig(config, {
                  logger: mockServices.logger.mock(),
                }),
                auditor: mockServices.auditor.mock(),
                logger: mockServices.logger.mock(),
              });
              // As the template's observability step asks, in a dry run.
              const wired = await runAction(
                action,
                {
                  name: values.name,
                  owner: values.owner,
                  environments,
                  slo: values.slo,
                },
                { dryRun: true },
              );
              expect(wired.error).toBeUndefined();
              for (const environment of environments) {
                const { namespace } = wired.outputs.environments.find(
                  (e: { environment: string }) => e.environment === environment,
                );
                const monitors = (wired.outputs.manifests as any[]).filter(
                  m =>
                    m.kind === 'ServiceMonitor' &&
                    m.metadata.namespace === namespace,
                );
                expect(monitors).toHaveLength(1);
                const monitor = monitors[0];
                const objects = manifests
                  .get(environment)!
                  .objects.map(({ object }) => object as any);
                const matches = (
                  selector: Record<string, string>,
                  labels: Record<string, string> = {},
                ) =>
                  Object.entries(selector).every(
                    ([key, value]) => labels[key] === value,
                  );

                // Its selector selects the service's one Service.
                const services = objects.filter(
                  o =>
                    o.kind === 'Service' &&
                    matches(
                      monitor.spec.selector.matchLabels,
                      o.metadata.labels,
                    ),
                );
                expect({
                  environment,
                  services: services.map(o => o.metadata.name),
                }).toEqual({ environment, services: [values.name] });
                const [service] = services;
                const pods = objects
                  .filter(o => o.kind === 'Deployment')
                  .map(o => o.spec.template)
                  .filter(pod =>
                    matches(service.spec.selector, pod.metadata.labels),
                  );
                expect(pods).toHaveLength(1);
                const [container] = pods[0].spec.containers;
                // The port the service listens on, and serves /metrics on.
                const listening = Number(
                  container.env.find((e: any) => e.name === 'PORT').value,
                );
                expect(monitor.spec.endpoints).not.toEqual([]);
                for (const endpoint of monitor.spec.endpoints) {
                  const port = service.spec.ports.find(
                    (p: any) => p.name === endpoint.port,
                  );
                  expect({
                    environment,
                    port: endpoint.port,
                    found: !!port,
                  }).toEqual({
                    environment,
                    port: endpoint.port,
                    found: true,
                  });
                  const target = port.targetPort ?? port.port;
                  const containerPort =
                    typeof target === 'number'
                      ? target
                      : container.ports.find((p: any) => p.name === target)
                          ?.containerPort;
                  expect({ environment, containerPort }).toEqual({
                    environment,
                    containerPort: listening,
                  });
                }
              }
            });
          }

          /**
           * The environments' namespaces, made by the platform's action as
           * the template's provisioning step makes them (again, when a test
           * before did: the action converges).
           */
          const ensureNamespaces = async () => {
            const platform = await portalPlatformConfig();
            const config = new ConfigReader({
              ...backend.sandbox.config(),
              platform,
            });
            const action = createEnsureNamespacesAction({
              config,
              clusters: PlatformClusters.fromConfig(config, {
                logger: mockServices.logger.mock(),
              }),
              auditor: mockServices.auditor.mock(),
              logger: mockServices.logger.mock(),
            });
            const deployment = values.deployment as JsonObject;
            const ensured = await runAction(action, {
              name: values.name,
              owner: values.owner,
              environments: deployment.environments,
              tier: deployment.tier,
            });
            return { config, ensured };
          };

          it('applies to its namespace, made by the platform, with kubectl apply --dry-run=server', async () => {
            const { config, ensured } = await ensureNamespaces();
            expect(ensured.error).toBeUndefined();
            const platformEnvironments =
              readPlatformConfig(config).environments;

            for (const environment of environments) {
              const { cluster, namespace } = ensured.outputs.environments.find(
                (e: { environment: string }) => e.environment === environment,
              );
              expect(cluster).toBe(
                platformEnvironments.find(e => e.name === environment)?.cluster,
              );
              // The namespace warns of pods below the restricted level, so
              // kubectl shows it for a Deployment that would make them.
              expect(
                backend.sandbox
                  .cluster(cluster)
                  .get('v1', 'Namespace', namespace)?.metadata?.labels,
              ).toMatchObject({
                'pod-security.kubernetes.io/warn': 'restricted',
                'pod-security.kubernetes.io/enforce': 'restricted',
              });
              const args = [
                'apply',
                '--dry-run=server',
                '--namespace',
                namespace,
                '-f',
                '-',
              ];
              const applied = await backend.sandbox
                .cluster(cluster)
                .kubectl(args, { input: manifests.get(environment)!.yaml });
              if (applied.code !== 0 || applied.stderr !== '') {
                throw new Error(
                  `deploy/${environment} on ${cluster}: $ kubectl ${args.join(
                    ' ',
                  )} exited with ${applied.code}:\n${applied.stdout}${
                    applied.stderr
                  }`,
                );
              }
              expect(applied.stdout).toContain('(server dry run)');
            }
          });

          if (deploymentOf(values).tier === 'gpu') {
            it("runs its pod on a GPU node of the portal's sandbox clusters once applied", async () => {
              const { config, ensured } = await ensureNamespaces();
              expect(ensured.error).toBeUndefined();
              const gpu = readPlatformConfig(config).tiers.find(
                tier => tier.name === 'gpu',
              )!.gpu!;
              for (const environment of environments) {
                const { cluster, namespace } =
                  ensured.outputs.environments.find(
                    (e: { environment: string }) =>
                      e.environment === environment,
                  );
                const sandboxCluster = backend.sandbox.cluster(cluster);
                const applied = await sandboxCluster.kubectl(
                  ['apply', '--namespace', namespace, '-f', '-'],
                  { input: manifests.get(environment)!.yaml },
                );
                expect(applied.code).toBe(0);
                const pod = await waitFor(
                  () =>
                    sandboxCluster
                      .list('v1', 'Pod', { namespace })
                      .find(
                        p =>
                          (p.status as { phase?: string } | undefined)
                            ?.phase === 'Running',
                      ),
                  10_000,
                  () =>
                    sandboxCluster
                      .list('v1', 'Pod', { namespace })
                      .map(p => p.status),
                );
                const nodeName = (pod.spec as { nodeName: string }).nodeName;
                const node = sandboxCluster.get('v1', 'Node', nodeName)!;
                expect({ environment, labels: node.metadata!.labels }).toEqual({
                  environment,
                  labels: expect.objectContaining(gpu.nodeSelector),
                });
                expect(
                  (node.status as { allocatable: Record<string, string> })
                    .allocatable[gpu.resource],
                ).toBeDefined();
              }
            });
          }
        });
      }
    },
  );
});

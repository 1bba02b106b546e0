import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentManifests, modelErrors } from './kubernetesManifests';

describe('environmentManifests and modelErrors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'manifests-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (path: string, text: string) => {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  };

  it('reads every document of plain YAML files, and builds a kustomization with kubectl', async () => {
    await write(
      'deploy/dev/all.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n',
    );
    const plain = await environmentManifests(dir, 'deploy/dev');
    expect(plain.objects.map(o => o.origin)).toEqual([
      'deploy/dev/all.yaml, document 1',
      'deploy/dev/all.yaml, document 2',
    ]);

    await write('deploy/base/kustomization.yaml', 'resources: [all.yaml]\n');
    await write(
      'deploy/base/all.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n',
    );
    await write(
      'deploy/prod/kustomization.yaml',
      'namespace: web-prod\nresources: [../base]\n',
    );
    const built = await environmentManifests(dir, 'deploy/prod');
    expect(built.objects.map(o => o.object.metadata)).toEqual([
      { name: 'a', namespace: 'web-prod' },
      { name: 'b', namespace: 'web-prod' },
    ]);

    await write(
      'deploy/broken/kustomization.yaml',
      'resources: [missing.yaml]\n',
    );
    await expect(environmentManifests(dir, 'deploy/broken')).rejects.toThrow(
      /deploy\/broken does not build: \$ kubectl kustomize .* exited with 1:\n.*missing\.yaml/s,
    );
  });

  it('finds each kind its model, fails an invalid object, and refuses a kind without a model', () => {
    const origin = 'deploy/dev/x.yaml, document 1';
    expect(
      modelErrors({
        origin,
        object: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { spec: { containers: [{ name: 'web', image: 'web' }] } },
          },
        },
      }),
    ).toEqual([]);
    expect(
      modelErrors({
        origin,
        object: {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'ServiceMonitor',
          metadata: { name: 'web' },
          spec: { selector: {}, endpoints: [{ port: 'http' }] },
        },
      }),
    ).toEqual([]);
    const [invalid] = modelErrors({
      origin,
      object: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { template: { spec: { containers: [{ image: 'web' }] } } },
      },
    });
    expect(invalid).toMatch(
      /^deploy\/dev\/x\.yaml, document 1 \(Deployment web\): .*selector/,
    );
    expect(
      modelErrors({
        origin,
        object: {
          apiVersion: 'example.com/v1',
          kind: 'Widget',
          metadata: { name: 'w' },
        },
      }),
    ).toEqual([
      'deploy/dev/x.yaml, document 1 (Widget w): no kubernetes-models model for example.com/v1 Widget in kubernetes-models, @kubernetes-models/prometheus-operator',
    ]);
    expect(
      modelErrors({
        origin,
        object: {
          apiVersion: 'apps/v1',
          kind: 'DeploymentSpec',
          metadata: { name: 's' },
        },
      }),
    ).toEqual([
      'deploy/dev/x.yaml, document 1 (DeploymentSpec s): no kubernetes-models model for apps/v1 DeploymentSpec in kubernetes-models, @kubernetes-models/prometheus-operator',
    ]);
  });
});

import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createFailTaskAction } from './createFailTaskAction';
import { examples } from './createFailTaskAction.examples';

const run = (input: Record<string, unknown>) =>
  createFailTaskAction().handler(
    createMockActionContext({ input: input as any }) as any,
  );

describe('platform:task:fail', () => {
  it('fails naming the failed step, its error and what the clean-up removed', async () => {
    const failure = run({
      steps: {
        namespaces: { failed: false, createdNamespaces: ['shop-dev'] },
        observability: {
          failed: true,
          error: 'The portal may not apply PrometheusRule shop-dev/shop-slo',
          created: ['dev: ServiceMonitor/shop'],
        },
      },
      cleanup: {
        'cleanup-observability': { deleted: ['dev: ServiceMonitor/shop'] },
        'cleanup-namespaces': {
          environments: [
            {
              environment: 'dev',
              cluster: 'nonprod-cluster',
              namespace: 'shop-dev',
              action: 'deleted',
            },
          ],
        },
      },
    });
    await expect(failure).rejects.toMatchObject({
      name: 'ProvisioningFailedError',
      message:
        'Step observability failed: The portal may not apply PrometheusRule shop-dev/shop-slo. ' +
        'Cleaned up what this task created: cleanup-observability (deleted dev: ServiceMonitor/shop), ' +
        'cleanup-namespaces (environments dev nonprod-cluster shop-dev deleted)',
    });
  });

  it('names a clean-up step that failed, and what was left', async () => {
    await expect(
      run({
        steps: {
          publish: { failed: true, error: 'push refused', created: true },
        },
        cleanup: {
          'cleanup-publish': {
            failed: true,
            error: 'GitHub is unavailable',
          },
          'cleanup-namespaces': {
            failed: false,
            environments: [{ namespace: 'shop-dev', action: 'deleted' }],
          },
        },
      }),
    ).rejects.toThrow(
      'Step publish failed: push refused. Cleaned up what this task created: cleanup-namespaces (environments shop-dev deleted). Clean-up failed, what it was to remove is left: cleanup-publish: GitHub is unavailable',
    );
  });

  it('says when there was nothing to clean up; skipped steps have no output', async () => {
    await expect(
      run({
        steps: { namespaces: { failed: true, error: 'quota refused' } },
        cleanup: { 'cleanup-namespaces': '' },
      }),
    ).rejects.toThrow(
      'Step namespaces failed: quota refused. This task had created nothing to clean up',
    );
  });

  it('without clean-up, names what the steps that ran did (decommissioning)', async () => {
    await expect(
      run({
        steps: {
          observability: { failed: false, deleted: [] },
          namespaces: {
            failed: false,
            environments: [{ namespace: 'shop-dev', action: 'deleted' }],
          },
          repository: { failed: true, error: 'archiving refused' },
        },
        completed: {
          observability: { failed: false, deleted: [] },
          namespaces: {
            failed: false,
            environments: [{ namespace: 'shop-dev', action: 'deleted' }],
          },
          repository: { failed: true, error: 'archiving refused' },
          unregister: '',
        },
      }),
    ).rejects.toThrow(
      'Step repository failed: archiving refused. Done: observability (nothing to do), namespaces (environments shop-dev deleted)',
    );
  });

  it('refuses to run when no step failed, naming the field', async () => {
    await expect(
      run({ steps: { namespaces: { failed: false } } }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message:
        'steps: none of namespaces reported a failure; run platform:task:fail only when one did',
    });
  });

  it('has examples that parse and name it', () => {
    for (const example of examples) {
      const steps = yaml.parse(example.example).steps;
      expect(steps.map((s: any) => s.action)).toContain('platform:task:fail');
    }
  });
});

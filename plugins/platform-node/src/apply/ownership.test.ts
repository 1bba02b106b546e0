import { removesNothing } from './ownership';

const quota = (hard: Record<string, string>, managedFields: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'tier-quota', namespace: 'ns', managedFields },
  spec: { hard },
});

const entry = (manager: string, operation: string, keys: string[]) => ({
  manager,
  operation,
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:spec': {
      'f:hard': Object.fromEntries(keys.map(key => [`f:${key}`, {}])),
    },
  },
});

describe('removesNothing', () => {
  const desired = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'tier-quota', namespace: 'ns' },
    spec: { hard: { pods: '10' } },
  };

  it('ignores a key only another manager set', () => {
    const live = quota({ pods: '10', 'count/configmaps': '20' }, [
      entry('developer-portal', 'Apply', ['pods']),
      entry('ops-team', 'Apply', ['count/configmaps']),
    ]);
    expect(removesNothing(desired, live, 'developer-portal')).toBe(true);
  });

  it('sees a key the manager set before and no longer sets', () => {
    const live = quota({ pods: '10', 'requests.nvidia.com/gpu': '2' }, [
      entry('developer-portal', 'Apply', ['pods', 'requests.nvidia.com/gpu']),
    ]);
    expect(removesNothing(desired, live, 'developer-portal')).toBe(false);
  });

  it('keeps such a key when another manager owns it too, or when it is gone', () => {
    const shared = quota({ pods: '10', 'requests.nvidia.com/gpu': '2' }, [
      entry('developer-portal', 'Apply', ['pods', 'requests.nvidia.com/gpu']),
      entry('kubectl-edit', 'Update', ['requests.nvidia.com/gpu']),
    ]);
    expect(removesNothing(desired, shared, 'developer-portal')).toBe(true);
    const gone = quota({ pods: '10' }, [
      entry('developer-portal', 'Apply', ['pods', 'requests.nvidia.com/gpu']),
    ]);
    expect(removesNothing(desired, gone, 'developer-portal')).toBe(true);
  });

  it('finds nothing to remove without managed fields of its own', () => {
    const live = quota({ pods: '10', other: '1' }, [
      entry('kubectl-edit', 'Update', ['pods', 'other']),
    ]);
    expect(removesNothing(desired, live, 'developer-portal')).toBe(true);
    expect(removesNothing(desired, { spec: {} }, 'developer-portal')).toBe(
      true,
    );
  });
});

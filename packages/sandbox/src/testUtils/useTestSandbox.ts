import {
  startTestSandbox,
  type TestSandbox,
  type TestSandboxOptions,
} from './startTestSandbox';

/**
 * A test sandbox for a describe block: started before its tests (then
 * `setUp` seeds what they share) and stopped after them. Each test starts
 * with empty request logs, and faults a test added are lifted after it. The
 * returned object can be read from the tests once the sandbox is up.
 *
 * @example
 * ```ts
 * const sandbox = useTestSandbox({ clusters: ['nonprod'] });
 *
 * it('writes nothing in a dry run', async () => {
 *   // ... run the action with dryRun: true, configured by sandbox.config()
 *   expect(sandbox.writes()).toEqual([]);
 * });
 * ```
 */
export function useTestSandbox(
  options: TestSandboxOptions = {},
  setUp?: (sandbox: TestSandbox) => Promise<void> | void,
): TestSandbox {
  let current: TestSandbox | undefined;
  const started = (): TestSandbox => {
    if (!current) {
      throw new Error(
        'The test sandbox is not started yet; read it inside a test or a hook',
      );
    }
    return current;
  };
  beforeAll(async () => {
    current = await startTestSandbox(options);
    await setUp?.(current);
  }, 30_000);
  beforeEach(() => current?.clearRequests());
  afterEach(() => current?.clearFaults());
  afterAll(() => current?.stop());
  return {
    get github() {
      return started().github;
    },
    get google() {
      return started().google;
    },
    get azure() {
      return started().azure;
    },
    get clusters() {
      return started().clusters;
    },
    cluster: name => started().cluster(name),
    config: configOptions => started().config(configOptions),
    writes: () => started().writes(),
    clearRequests: () => started().clearRequests(),
    clearFaults: () => started().clearFaults(),
    get sandbox() {
      return started().sandbox;
    },
    stop: () => started().stop(),
  };
}

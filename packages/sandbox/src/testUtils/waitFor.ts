/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns something truthy and returns that, or fails
 * after `timeoutMs` with what `describe` says it last saw.
 */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  describe?: () => unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `condition not met within ${timeoutMs} ms${
          describe ? `: ${JSON.stringify(describe(), null, 2)}` : ''
        }`,
      );
    }
    await sleep(5);
  }
}

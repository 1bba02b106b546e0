/** What failed in one environment. */
export interface EnvironmentFailure {
  environment: string;
  error: Error;
}

/**
 * Fails the step once every environment had its turn: with the error itself
 * when one environment failed, or one error naming each environment (of the
 * first error's kind) when several did.
 */
export function throwIfAnyFailed(failures: EnvironmentFailure[]): void {
  if (failures.length === 1) {
    throw failures[0].error;
  }
  if (failures.length > 1) {
    const error = new Error(
      failures.map(f => `${f.environment}: ${f.error.message}`).join('; '),
    );
    error.name = failures[0].error.name;
    throw error;
  }
}

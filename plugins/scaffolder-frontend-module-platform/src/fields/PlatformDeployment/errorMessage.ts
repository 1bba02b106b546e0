/**
 * An error's message with its cause's: a failed response says "Request failed
 * with 503 Service Unavailable", and its body's error says why.
 */
export function errorMessage(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (
    cause instanceof Error &&
    cause.message &&
    cause.message !== error.message
  ) {
    return `${error.message} (${cause.message})`;
  }
  return error.message;
}

/** One broken rule: which field, which rule, and what to do, in words. */
export interface Violation {
  /** The input field at fault, e.g. `name`, `environments[1]`, `tier`. */
  field: string;
  /** A stable name of the rule, e.g. `dns-label`, `tier-allowed`. */
  rule: string;
  /** A sentence for the developer, naming the field and the rule. */
  message: string;
}

/** All violations in one message, e.g. for an `InputError`. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map(violation => `${violation.field}: ${violation.message}`)
    .join('; ');
}

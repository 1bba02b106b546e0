/** The rule the typed confirmation must meet, in words; undefined when it does. */
export function confirmationProblem(
  typed: string | undefined,
  entity: { ref: string; name: string } | undefined,
): string | undefined {
  if (!entity) return 'choose the service to decommission first';
  if (typed === entity.name) return undefined;
  return `must be '${entity.name}' exactly, the name of the service to decommission`;
}

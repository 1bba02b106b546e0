/**
 * GitHub's global node id of an object: base64 of `0<length of type>:<type><id>`,
 * as `MDQ6VXNlcjE=` is `04:User1` and `MDEwOlJlcG9zaXRvcnkxMjk2MjY5` is
 * `010:Repository1296269`. GitHub's REST answers carry these for users,
 * organizations, teams, repositories, issues, labels, environments, their
 * protection rules (`Gate`) and branch policies (`GateBranchPolicy`),
 * deployments and deployment statuses. Every object of the sandbox gets its
 * node id here, so they all look alike and a type can be read back.
 */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

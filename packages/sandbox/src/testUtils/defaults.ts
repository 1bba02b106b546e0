import type { GitHubServerOptions } from '../github';

/** Tokens of the standard test GitHub, by who holds them. */
export const TEST_TOKENS = {
  /** `octo-admin`, admin of `acme`, every scope. */
  admin: 'admin-token',
  /** `mona`, member of `acme` and its `platform` team. */
  member: 'member-token',
  /** `stranger`, in no organization. */
  outsider: 'outsider-token',
  /** `octo-admin` again, with `read:org` only. */
  readOnly: 'read-only-token',
} as const;

/**
 * The standard test GitHub: the organization `acme` with a `platform` team,
 * the users `octo-admin` (admin), `mona` (member) and `stranger` (outsider),
 * and a token for each (see {@link TEST_TOKENS}). Fields of `overrides`
 * replace the standard ones.
 */
export function testGitHubOptions(
  overrides: Partial<GitHubServerOptions> = {},
): GitHubServerOptions {
  return {
    tokens: [
      { token: TEST_TOKENS.admin, login: 'octo-admin' },
      { token: TEST_TOKENS.member, login: 'mona' },
      { token: TEST_TOKENS.outsider, login: 'stranger' },
      {
        token: TEST_TOKENS.readOnly,
        login: 'octo-admin',
        scopes: ['read:org'],
      },
    ],
    users: [{ login: 'mona', name: 'Mona Lisa', email: 'mona@example.com' }],
    organizations: [
      {
        login: 'acme',
        members: [
          { login: 'octo-admin', role: 'admin' },
          { login: 'mona', role: 'member' },
        ],
        teams: [{ slug: 'platform', name: 'Platform', members: ['mona'] }],
      },
    ],
    ...overrides,
  };
}

/** How fast test clusters roll out: pods are Ready after 50 ms, progress deadlines are 1/100 of theirs. */
export const TEST_ROLLOUT = {
  podReadyDelayMs: 50,
  progressDeadlineScale: 0.01,
};

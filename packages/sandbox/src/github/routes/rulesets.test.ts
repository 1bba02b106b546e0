import { useSettingsServer } from './__testUtils__/settingsServer';
import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf } from '../../testUtils';

// Every test starts a server and spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('ruleset routes', () => {
  const server = useSettingsServer();

  const repo = { owner: 'acme', repo: 'web' };
  const ruleset = {
    ...repo,
    name: 'main rules',
    target: 'branch' as const,
    enforcement: 'active' as const,
    conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } },
    rules: [
      { type: 'deletion' as const },
      { type: 'non_fast_forward' as const },
      {
        type: 'pull_request' as const,
        parameters: {
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: false,
          require_last_push_approval: false,
          required_approving_review_count: 1,
          required_review_thread_resolution: false,
        },
      },
    ],
  };

  it('creates, lists, reads, updates and deletes a ruleset', async () => {
    const octokit = server.octokit();
    const created = await octokit.rest.repos.createRepoRuleset(ruleset);
    expect(created.status).toBe(201);
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/rulesets',
      201,
      created.data,
    );
    expect(created.data).toMatchObject({
      name: 'main rules',
      source: 'acme/web',
      source_type: 'Repository',
      rules: ruleset.rules,
      conditions: ruleset.conditions,
    });
    const id = created.data.id;

    await octokit.rest.repos.createRepoRuleset({
      ...repo,
      name: 'tags',
      target: 'tag',
      enforcement: 'evaluate',
    });
    const listed = await server
      .octokit('reader-token')
      .rest.repos.getRepoRulesets({ ...repo, per_page: 1 });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/rulesets',
      200,
      listed.data,
    );
    expect(listed.data.map(r => r.name)).toEqual(['main rules']);
    expect(listed.headers.link).toContain('rel="next"');
    const all = await octokit.paginate<{ name: string }>(
      'GET /repos/{owner}/{repo}/rulesets',
      {
        ...repo,
        per_page: 1,
      },
    );
    expect(all.map(r => r.name)).toEqual(['main rules', 'tags']);
    const tagsOnly = await octokit.rest.repos.getRepoRulesets({
      ...repo,
      targets: 'tag',
    });
    expect(tagsOnly.data.map(r => r.name)).toEqual(['tags']);

    const got = await octokit.rest.repos.getRepoRuleset({
      ...repo,
      ruleset_id: id,
    });
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/rulesets/{ruleset_id}',
      200,
      got.data,
    );
    expect(got.data).toEqual(created.data);

    const updated = await octokit.rest.repos.updateRepoRuleset({
      ...repo,
      ruleset_id: id,
      enforcement: 'disabled',
    });
    expect(updated.data.enforcement).toBe('disabled');
    expect(updated.data.rules).toEqual(ruleset.rules);

    await octokit.rest.repos.deleteRepoRuleset({ ...repo, ruleset_id: id });
    expect(
      (
        await failureOf(
          octokit.rest.repos.getRepoRuleset({ ...repo, ruleset_id: id }),
        )
      ).status,
    ).toBe(404);
  });

  it('refuses duplicate names, unknown rules and missing parameters', async () => {
    const octokit = server.octokit();
    await octokit.rest.repos.createRepoRuleset(ruleset);
    const duplicate = await failureOf(
      octokit.rest.repos.createRepoRuleset(ruleset),
    );
    expect(duplicate.status).toBe(422);
    expect(duplicate.data?.errors).toEqual([
      expect.objectContaining({ code: 'already_exists', field: 'name' }),
    ]);

    const unknownRule = await failureOf(
      octokit.request('POST /repos/{owner}/{repo}/rulesets', {
        ...repo,
        name: 'other',
        enforcement: 'active',
        rules: [{ type: 'no_such_rule' }],
      } as never),
    );
    expect(unknownRule.status).toBe(422);
    expect(unknownRule.data?.message).toMatch(/rules\/0/);

    const missingParameters = await failureOf(
      octokit.request('POST /repos/{owner}/{repo}/rulesets', {
        ...repo,
        name: 'other',
        enforcement: 'active',
        rules: [{ type: 'pull_request', parameters: {} }],
      } as never),
    );
    expect(missingParameters.status).toBe(422);

    const noEnforcement = await failureOf(
      octokit.request('POST /repos/{owner}/{repo}/rulesets', {
        ...repo,
        name: 'other',
      } as never),
    );
    expect(noEnforcement.status).toBe(422);

    const writer = await failureOf(
      server.octokit('writer-token').rest.repos.createRepoRuleset({
        ...ruleset,
        name: 'writer',
      }),
    );
    expect(writer.status).toBe(403);
    expect(
      (
        await failureOf(
          octokit.rest.repos.getRepoRuleset({ ...repo, ruleset_id: 999 }),
        )
      ).status,
    ).toBe(404);
  });
});

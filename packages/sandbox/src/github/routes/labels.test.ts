import { expectGitHubResponse } from '../__testUtils__/openApiResponses';
import { failureOf, TEST_TOKENS, useTestGitHubServer } from '../../testUtils';

// Creating the repository spawns git; leave room for a busy machine.
jest.setTimeout(30_000);

describe('labels', () => {
  const t = useTestGitHubServer(async server => {
    await server
      .client(TEST_TOKENS.admin)
      .repos.createInOrg({ org: 'acme', name: 'labelled', private: true });
  });
  const repo = { owner: 'acme', repo: 'labelled' };

  it('creates, reads, updates and deletes a label', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const created = await admin.issues.createLabel({
      ...repo,
      name: 'needs-review',
      color: 'fff000',
      description: 'Waiting for a reviewer',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      name: 'needs-review',
      color: 'fff000',
      description: 'Waiting for a reviewer',
      default: false,
    });
    expectGitHubResponse(
      'POST',
      '/repos/{owner}/{repo}/labels',
      201,
      created.data,
    );

    const got = await admin.issues.getLabel({ ...repo, name: 'Needs-Review' });
    expect(got.data.id).toBe(created.data.id);
    expectGitHubResponse(
      'GET',
      '/repos/{owner}/{repo}/labels/{name}',
      200,
      got.data,
    );

    const updated = await admin.issues.updateLabel({
      ...repo,
      name: 'needs-review',
      new_name: 'reviewing',
      color: 'ABCDEF',
    });
    expect(updated.data).toMatchObject({
      id: created.data.id,
      name: 'reviewing',
      color: 'ABCDEF',
      description: 'Waiting for a reviewer',
    });
    expectGitHubResponse(
      'PATCH',
      '/repos/{owner}/{repo}/labels/{name}',
      200,
      updated.data,
    );

    const deleted = await admin.issues.deleteLabel({
      ...repo,
      name: 'reviewing',
    });
    expect(deleted.status).toBe(204);
    const gone = await failureOf(
      admin.issues.getLabel({ ...repo, name: 'reviewing' }),
    );
    expect(gone.status).toBe(404);
  });

  it.each(['zzz', '#fff000', 'fff', 'fff0001'])(
    'refuses the colour %j with 422 Validation Failed',
    async color => {
      const admin = t.client(TEST_TOKENS.admin);
      const created = await failureOf(
        admin.issues.createLabel({ ...repo, name: `bad-${color}`, color }),
      );
      expect(created.status).toBe(422);
      expect(created.data).toMatchObject({
        message: 'Validation Failed',
        errors: [{ resource: 'Label', code: 'invalid', field: 'color' }],
      });
      expect(created.data.documentation_url).toMatch(/^https:\/\/docs/);

      const updated = await failureOf(
        admin.issues.updateLabel({ ...repo, name: 'bug', color }),
      );
      expect(updated.status).toBe(422);
      expect(updated.data.errors).toEqual([
        { resource: 'Label', code: 'invalid', field: 'color' },
      ]);
      const bug = await admin.issues.getLabel({ ...repo, name: 'bug' });
      expect(bug.data.color).toBe('d73a4a');
    },
  );

  it('refuses a name that is taken, whatever its case', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    const clash = await failureOf(
      admin.issues.createLabel({ ...repo, name: 'BUG', color: '000000' }),
    );
    expect(clash.status).toBe(422);
    expect(clash.data.errors).toEqual([
      { resource: 'Label', code: 'already_exists', field: 'name' },
    ]);
    const rename = await failureOf(
      admin.issues.updateLabel({ ...repo, name: 'bug', new_name: 'wontfix' }),
    );
    expect(rename.status).toBe(422);
  });

  it('refuses a description longer than 100 characters', async () => {
    const tooLong = await failureOf(
      t.client(TEST_TOKENS.admin).issues.createLabel({
        ...repo,
        name: 'wordy',
        description: 'x'.repeat(101),
      }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.data.errors).toEqual([
      { resource: 'Label', code: 'invalid', field: 'description' },
    ]);
  });

  it('removes a deleted label from the issues that carried it', async () => {
    const admin = t.client(TEST_TOKENS.admin);
    await admin.issues.createLabel({ ...repo, name: 'temporary' });
    const issue = await admin.issues.create({
      ...repo,
      title: 'Labelled',
      labels: ['temporary', 'bug'],
    });
    await admin.issues.deleteLabel({ ...repo, name: 'temporary' });
    const labels = await admin.issues.listLabelsOnIssue({
      ...repo,
      issue_number: issue.data.number,
    });
    expect(labels.data.map(l => l.name)).toEqual(['bug']);
  });

  it('lets readers read labels and only writers change them', async () => {
    await t
      .client(TEST_TOKENS.admin)
      .repos.addCollaborator({ ...repo, username: 'mona', permission: 'pull' });
    const reader = t.client(TEST_TOKENS.member);
    const bug = await reader.issues.getLabel({ ...repo, name: 'bug' });
    expect(bug.data.name).toBe('bug');
    const refused = await failureOf(
      reader.issues.createLabel({ ...repo, name: 'mine' }),
    );
    expect(refused.status).toBe(403);
  });
});

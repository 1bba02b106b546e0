import { validateEntityRef } from './entityRef';

describe('validateEntityRef', () => {
  it('reads short and full refs of the kind', () => {
    expect(validateEntityRef('payments-team', 'group', 'owner')).toMatchObject({
      full: 'group:default/payments-team',
    });
    expect(
      validateEntityRef('group:platform/sre', 'group', 'owner'),
    ).toMatchObject({ full: 'group:platform/sre' });
  });

  it('names the field of a ref of another kind or no ref at all', () => {
    expect(validateEntityRef('user:default/alex', 'group', 'owner')).toEqual({
      violation: {
        field: 'owner',
        rule: 'entity-ref',
        message:
          "must be a group entity ref such as group:default/payments-team, got 'user:default/alex'",
      },
    });
    expect(validateEntityRef('a:b:c/d', 'system', 'system')).toMatchObject({
      violation: { field: 'system', rule: 'entity-ref' },
    });
  });
});

import { describeExpiry } from './describeExpiry';
import { webWithPreviews } from './fixtures';
import { previewChoices, previewProblem } from './previews';

const NOW = Date.parse('2026-12-02T12:40:00.000Z');

describe('describeExpiry', () => {
  it('says when, in UTC, and how long from now', () => {
    expect(describeExpiry('2026-12-02T18:00:00.000Z', NOW)).toBe(
      'expires 2026-12-02 18:00 UTC, in 5 h 20 min',
    );
    expect(describeExpiry('2026-12-04T12:40:00.000Z', NOW)).toBe(
      'expires 2026-12-04 12:40 UTC, in 48 h',
    );
    expect(describeExpiry('2026-12-02T12:40:30.000Z', NOW)).toBe(
      'expires 2026-12-02 12:40 UTC, in 0 min',
    );
  });

  it('says when it has expired', () => {
    expect(describeExpiry('2026-12-02T12:00:00.000Z', NOW)).toBe(
      'expired 2026-12-02 12:00 UTC: it can no longer be extended',
    );
  });

  it('shows a time it cannot read as it is', () => {
    expect(describeExpiry('tomorrow', NOW)).toBe('expires tomorrow');
  });
});

describe('previewChoices', () => {
  it("offers the service's own previews that have not expired, by name", () => {
    expect(previewChoices(webWithPreviews(NOW), NOW)).toEqual([
      expect.objectContaining({
        suffix: 'pr-42',
        namespace: 'web-preview-pr-42',
        unavailable: undefined,
        detail: 'expires 2026-12-02 18:00 UTC, in 5 h 20 min',
      }),
      expect.objectContaining({
        suffix: 'pr-7',
        unavailable: 'has expired; the preview reaper deletes it',
      }),
      expect.objectContaining({
        suffix: 'pr-9',
        unavailable: 'belongs to component:default/other',
      }),
    ]);
  });

  it('tells a namespace the portal did not make, and one without an expiry', () => {
    const existing = webWithPreviews(NOW);
    existing.previews = [
      { ...existing.previews[1], ownedBy: undefined },
      { ...existing.previews[1], suffix: 'pr-43', expiresAt: undefined },
    ];
    expect(
      previewChoices(existing, NOW).map(choice => choice.unavailable),
    ).toEqual(['was not made by the portal', 'has no expiry']);
  });
});

describe('previewProblem', () => {
  it('accepts a preview that can be extended', () => {
    expect(previewProblem('pr-42', webWithPreviews(NOW), NOW)).toBeUndefined();
  });

  it('names the previews there are for an unknown name', () => {
    expect(previewProblem('pr-1', webWithPreviews(NOW), NOW)).toBe(
      "component:default/web has no preview 'pr-1' to extend; its previews: pr-42",
    );
    expect(
      previewProblem('pr-1', { ...webWithPreviews(NOW), previews: [] }, NOW),
    ).toBe(
      "component:default/web has no preview 'pr-1' to extend; it has none: request a new preview instead",
    );
  });

  it('says why a listed preview cannot be extended', () => {
    expect(previewProblem('pr-7', webWithPreviews(NOW), NOW)).toBe(
      "the preview 'pr-7' cannot be extended: it has expired; the preview reaper deletes it",
    );
    expect(previewProblem('pr-9', webWithPreviews(NOW), NOW)).toBe(
      "the preview 'pr-9' cannot be extended: it belongs to component:default/other",
    );
  });
});

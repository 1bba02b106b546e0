import { formatAge } from './age';

describe('formatAge', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');

  it.each([
    ['2026-01-10T11:59:30Z', '30s'],
    ['2026-01-10T11:55:00Z', '5m'],
    ['2026-01-10T09:00:00Z', '3h'],
    ['2026-01-08T12:00:00Z', '2d'],
    // A deployer's clock ahead of ours is not a negative age.
    ['2026-01-10T12:00:05Z', '0s'],
  ])('shows %s as %s', (iso, age) => {
    expect(formatAge(iso, now)).toBe(age);
  });

  it('has nothing to say about a missing or invalid time', () => {
    expect(formatAge(undefined, now)).toBeUndefined();
    expect(formatAge('yesterday', now)).toBeUndefined();
  });
});

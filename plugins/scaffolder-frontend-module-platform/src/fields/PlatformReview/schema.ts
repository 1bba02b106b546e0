import { makeFieldSchema } from '@backstage/plugin-scaffolder-react';

/**
 * A read-only field: it writes nothing into the form (declare it as an
 * empty object, hidden from the scaffolder's own review).
 */
export const PlatformReviewFieldSchema = makeFieldSchema({
  output: z => z.object({}).optional(),
});

export type PlatformReviewFieldProps = typeof PlatformReviewFieldSchema.TProps;

// The component loads with the field (see extension.ts), not with the app.
export { platformPreviewField } from './extension';
export type { PlatformPreviewUiOptions } from './schema';

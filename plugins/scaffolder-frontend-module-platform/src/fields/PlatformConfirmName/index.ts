// The component loads with the field (see extension.ts), not with the app.
export { platformConfirmNameField } from './extension';
export type { PlatformConfirmNameUiOptions } from './schema';

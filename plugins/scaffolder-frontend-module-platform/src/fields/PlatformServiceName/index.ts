// The component and its validation load with the field (see extension.ts), not with the app.
export { platformServiceNameField } from './extension';
export type { PlatformServiceNameUiOptions } from './schema';

/**
 * The golden-path contract shared by the portal's platform plugins, templates
 * and sandbox: names, the `platform` config and its reader, the policy rules,
 * and the platform backend's API client. Isomorphic, no I/O of its own.
 *
 * @packageDocumentation
 */

export * from './conventions';
export * from './config';
export * from './validation';
export * from './tiers';
export * from './quantity';
export * from './api';
export * from './metrics';

/**
 * Deployment status: the types of what runs where, the permission that
 * guards it, and its API client.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './permissions';
export * from './api';

/**
 * Backend helpers shared by the platform's backend plugins and modules:
 * access to the clusters of the `kubernetes` config.
 *
 * @packageDocumentation
 */

export * from './clusters';

/**
 * Names and rules shared by the portal's platform plugins, templates and
 * sandbox: the golden-path contract.
 *
 * @packageDocumentation
 */

export * from './conventions';

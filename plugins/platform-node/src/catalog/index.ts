export { FilePlaceholderProcessor } from './FilePlaceholderProcessor';
export { readCatalogFile, resolveFilePlaceholders } from './filePlaceholders';

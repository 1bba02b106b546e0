/** What a reader sees when the backend has no `mkdocs` to build the docs with. */
export const MKDOCS_MISSING_MESSAGE =
  "The portal's server cannot build these docs: it has no mkdocs command. " +
  'Install MkDocs with the Material theme on the machine that runs the backend ' +
  '(Debian or Ubuntu: apt-get install mkdocs mkdocs-material; elsewhere: ' +
  'pip install mkdocs mkdocs-material), then reload this page. ' +
  'The README has the details, under TechDocs.';

// How a missing executable shows in the build's error: Node's spawn error, or a shell's.
const missingMkdocs = [
  /spawn mkdocs ENOENT/,
  /mkdocs: (command )?not found/,
  /mkdocs: No such file or directory/,
];

/**
 * Turns a docs build failure into what the reader should do about it, when
 * it is known; other failures keep the backend's message.
 */
export function explainBuildError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (missingMkdocs.some(pattern => pattern.test(message))) {
    return new Error(MKDOCS_MISSING_MESSAGE);
  }
  return error;
}

// Parses GitHub Actions workflow files with GitHub's own parser
// (@actions/workflow-parser, the one behind the Actions language service),
// then converts them as the runner would, and prints one JSON line:
// [{ file, errors: [{ message, line, column }] }]. The parser is published as
// ES modules only, which the CommonJS test runner cannot load, so the tests
// run this file with Node.
import { register } from 'node:module';
import { readFile } from 'node:fs/promises';

// The parser imports its JSON schemas without `with { type: 'json' }`, as
// bundlers allow and Node does not: a resolve hook adds the attribute.
register(
  `data:text/javascript,${encodeURIComponent(`
    export async function resolve(specifier, context, next) {
      const resolved = await next(specifier, context);
      return resolved.url.endsWith('.json')
        ? { ...resolved, importAttributes: { ...context.importAttributes, type: 'json' } }
        : resolved;
    }`)}`,
);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } =
  await import('@actions/workflow-parser');

const results = [];
for (const file of process.argv.slice(2)) {
  const content = await readFile(file, 'utf8');
  const parsed = parseWorkflow(
    { name: file, content },
    new NoOperationTraceWriter(),
  );
  const errors = parsed.context.errors.getErrors().map(error => ({
    message: error.message,
    line: error.range?.start.line,
    column: error.range?.start.column,
  }));
  if (errors.length === 0 && parsed.value) {
    const template = await convertWorkflowTemplate(
      parsed.context,
      parsed.value,
    );
    for (const error of template.errors ?? []) {
      errors.push({ message: error.Message });
    }
  } else if (errors.length === 0) {
    errors.push({ message: 'the file holds no workflow' });
  }
  results.push({ file, errors });
}
process.stdout.write(`${JSON.stringify(results)}\n`);

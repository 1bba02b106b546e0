import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'End a task failed once its clean-up steps ran, naming the step that failed',
    example: yaml.stringify({
      steps: [
        {
          id: 'fail',
          name: 'Fail the task',
          if: "${{ steps['namespaces'].output.failed or steps['observability'].output.failed }}",
          action: 'platform:task:fail',
          input: {
            steps: {
              namespaces: "${{ steps['namespaces'].output }}",
              observability: "${{ steps['observability'].output }}",
            },
            cleanup: {
              'cleanup-namespaces': "${{ steps['cleanup-namespaces'].output }}",
            },
          },
        },
      ],
    }),
  },
];

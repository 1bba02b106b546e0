import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { Link } from '@backstage/core-components';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { Box, Chip, List, ListItem, ListItemText } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { WidgetEmpty, WidgetError, WidgetLoading } from './WidgetStates';

const RECENT_TASKS = 5;

const statusColours: Record<string, 'primary' | 'secondary' | 'default'> = {
  completed: 'primary',
  failed: 'secondary',
};

function when(createdAt: string) {
  return new Date(createdAt).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** The signed-in user's latest scaffolder runs, each linked to its log. */
export function RecentTasksContent() {
  const scaffolderApi = useApi(scaffolderApiRef);
  const taskLink = useRouteRef(scaffolderPlugin.routes.ongoingTask);
  const tasksLink = useRouteRef(scaffolderPlugin.routes.listTasks);
  const tasks = useAsyncRetry(async () => {
    const { tasks: items } = await scaffolderApi.listTasks({
      filterByOwnership: 'owned',
      limit: RECENT_TASKS,
    });
    // Newest first, whatever order the backend lists them in.
    return [...items]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, RECENT_TASKS);
  }, [scaffolderApi]);

  if (tasks.loading) return <WidgetLoading label="Loading your tasks" />;
  if (tasks.error) {
    return (
      <WidgetError
        what="your recent tasks"
        error={tasks.error}
        onRetry={tasks.retry}
      />
    );
  }
  if (!tasks.value?.length) {
    return (
      <WidgetEmpty
        title="You have not run a golden path yet"
        description="Tasks you start from a template appear here with their status."
      />
    );
  }
  return (
    <>
      <List dense disablePadding aria-label="Your recent tasks">
        {tasks.value.map(task => {
          const info = task.spec.templateInfo;
          const title =
            info?.entity?.metadata?.title ??
            info?.entity?.metadata?.name ??
            info?.entityRef ??
            'Task';
          const name = task.spec.parameters?.name;
          return (
            <ListItem key={task.id} disableGutters divider>
              <ListItemText
                primary={
                  <Link to={taskLink?.({ taskId: task.id }) ?? '#'}>
                    {typeof name === 'string' ? `${title}: ${name}` : title}
                  </Link>
                }
                secondary={when(task.createdAt)}
              />
              <Box ml={2}>
                <Chip
                  size="small"
                  label={task.status}
                  color={statusColours[task.status] ?? 'default'}
                />
              </Box>
            </ListItem>
          );
        })}
      </List>
      {tasksLink && (
        <Box mt={1}>
          <Link to={tasksLink()}>All your tasks</Link>
        </Box>
      )}
    </>
  );
}

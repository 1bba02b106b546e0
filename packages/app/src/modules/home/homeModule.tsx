import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';

/**
 * The home page's own layout and widgets. Each widget's code loads lazily,
 * after the page shell, so the home page adds little to the initial bundle.
 * The page's path (`/`) and which upstream widgets are shown are set in
 * app-config.yaml under `app.extensions`.
 */
const layout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => (await import('./PortalHomeLayout')).PortalHomeLayout,
  },
});

const teamServicesWidget = HomePageWidgetBlueprint.make({
  name: 'team-services',
  params: {
    name: 'TeamServices',
    title: "Your team's services",
    description: 'Components owned by your teams, with their lifecycle',
    components: async () => ({
      Content: (await import('./widgets/TeamServices')).TeamServicesContent,
    }),
  },
});

const goldenPathsWidget = HomePageWidgetBlueprint.make({
  name: 'golden-paths',
  params: {
    name: 'GoldenPaths',
    title: 'Golden paths',
    description: 'The software templates, one click away from their form',
    components: async () => ({
      Content: (await import('./widgets/GoldenPaths')).GoldenPathsContent,
    }),
  },
});

const recentTasksWidget = HomePageWidgetBlueprint.make({
  name: 'recent-tasks',
  params: {
    name: 'RecentTasks',
    title: 'Your recent tasks',
    description: 'Your latest software template runs and their status',
    components: async () => ({
      Content: (await import('./widgets/RecentTasks')).RecentTasksContent,
    }),
  },
});

/** `/home` was the home page's path; links and bookmarks to it still work. */
const legacyHomePath = PageBlueprint.make({
  name: 'legacy-path',
  params: {
    path: '/home',
    loader: async () => {
      const { HomeRedirect } = await import('./HomeRedirect');
      return <HomeRedirect />;
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    layout,
    teamServicesWidget,
    goldenPathsWidget,
    recentTasksWidget,
    legacyHomePath,
  ],
});

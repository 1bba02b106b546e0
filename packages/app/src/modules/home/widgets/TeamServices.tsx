import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  TextField,
  Typography,
} from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { DeploymentHealth } from '@internal/plugin-deployment-status';
import { LifecycleChip } from './LifecycleChip';
import { useMembershipTeams, usePickedTeam } from './useTeams';
import { WidgetEmpty, WidgetError, WidgetLoading } from './WidgetStates';

function teamTitle(team: Entity) {
  const profile = team.spec?.profile as { displayName?: string } | undefined;
  return (
    profile?.displayName ??
    team.metadata.title ??
    humanizeEntityRef(team, { defaultKind: 'group' })
  );
}

/** A choice of team for users who belong to none (a guest, a new joiner). */
function TeamPicker(props: {
  value?: string;
  onChange: (team: string | undefined) => void;
}) {
  const catalogApi = useApi(catalogApiRef);
  const teams = useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'group' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi]);

  if (teams.loading) return <WidgetLoading label="Loading teams" />;
  if (teams.error) {
    return (
      <WidgetError what="the teams" error={teams.error} onRetry={teams.retry} />
    );
  }
  return (
    <TextField
      select
      fullWidth
      variant="outlined"
      size="small"
      id="home-team-picker"
      label="Your team"
      value={props.value ?? ''}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      onChange={event => props.onChange(event.target.value || undefined)}
    >
      <option value="">Choose a team</option>
      {teams.value?.map(team => (
        <option key={stringifyEntityRef(team)} value={stringifyEntityRef(team)}>
          {teamTitle(team)}
        </option>
      ))}
    </TextField>
  );
}

function ServiceList(props: { teams: string[] }) {
  const catalogApi = useApi(catalogApiRef);
  const services = useAsyncRetry(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'component', 'relations.ownedBy': props.teams },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
        'metadata.annotations',
        'spec.type',
        'spec.lifecycle',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi, props.teams.join()]);

  if (services.loading) return <WidgetLoading label="Loading services" />;
  if (services.error) {
    return (
      <WidgetError
        what="your team's services"
        error={services.error}
        onRetry={services.retry}
      />
    );
  }
  if (!services.value?.length) {
    return (
      <WidgetEmpty
        title="Your team owns no components yet"
        description="Start one from a golden path, or register an existing repository in the catalog."
      />
    );
  }
  return (
    <List dense disablePadding aria-label="Your team's services">
      {services.value.map(entity => (
        <ListItem key={stringifyEntityRef(entity)} disableGutters divider>
          <ListItemText
            primary={<EntityRefLink entityRef={entity} />}
            secondaryTypographyProps={{ component: 'div' }}
            secondary={
              <>
                {entity.metadata.description}
                <DeploymentHealth entity={entity} />
              </>
            }
          />
          <Box ml={2} display="flex" alignItems="center" style={{ gap: 8 }}>
            <Typography variant="caption" color="textSecondary">
              {String(entity.spec?.type ?? '')}
            </Typography>
            <LifecycleChip lifecycle={entity.spec?.lifecycle as string} />
          </Box>
        </ListItem>
      ))}
    </List>
  );
}

/**
 * The components owned by the signed-in user's groups. Users in no group
 * (a guest) pick a team instead, remembered for their next visit.
 */
export function TeamServicesContent() {
  const membership = useMembershipTeams();
  const picked = usePickedTeam();
  const { team: pickedTeam, setTeam: setPickedTeam } = picked;

  if (membership.loading) return <WidgetLoading label="Loading your teams" />;
  if (membership.error) {
    return (
      <WidgetError
        what="your teams"
        error={membership.error}
        onRetry={membership.retry}
      />
    );
  }
  if (membership.value?.length) {
    return <ServiceList teams={membership.value} />;
  }
  if (picked.loading) return <WidgetLoading label="Loading your team" />;
  if (!pickedTeam) {
    return (
      <WidgetEmpty
        title="Pick your team to see its services"
        description="You are not a member of any team in the catalog; choose the one you work with."
        action={<TeamPicker onChange={setPickedTeam} />}
      />
    );
  }
  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
        <Box flex={1}>
          <TeamPicker value={pickedTeam} onChange={setPickedTeam} />
        </Box>
        <Button size="small" onClick={() => setPickedTeam(undefined)}>
          Clear
        </Button>
      </Box>
      <ServiceList teams={[pickedTeam]} />
    </>
  );
}

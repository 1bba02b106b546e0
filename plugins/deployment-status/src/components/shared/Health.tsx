import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { RolloutState } from '@internal/plugin-deployment-status-common';

/** The words beside each colour, so health is never told by colour alone. */
export const healthLabels: Record<RolloutState, string> = {
  complete: 'Healthy',
  progressing: 'Rolling out',
  failed: 'Failed',
};

/** Green when complete, amber while progressing, red when failed. */
export const Health = (props: { state: RolloutState }) => {
  const label = healthLabels[props.state];
  switch (props.state) {
    case 'complete':
      return <StatusOK>{label}</StatusOK>;
    case 'progressing':
      return <StatusWarning>{label}</StatusWarning>;
    default:
      return <StatusError>{label}</StatusError>;
  }
};

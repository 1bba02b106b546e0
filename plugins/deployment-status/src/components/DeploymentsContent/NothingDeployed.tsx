import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { KUBERNETES_ID_ANNOTATION } from '../../kubernetesId';

/** What to add so that the service's workloads are found. */
export const NothingDeployed = (props: {
  kubernetesId: string;
  namespaces: string[];
}) => (
  <EmptyState
    missing="data"
    title="Nothing of this service runs in any environment"
    description={
      <>
        Workloads are found by the <code>{KUBERNETES_ID_ANNOTATION}</code>{' '}
        annotation of this entity and the label of the same name on the
        Deployments and their pod templates
        {props.namespaces.length > 0 && ` in ${props.namespaces.join(', ')}`}.
        None carries <code>{props.kubernetesId}</code> yet.
      </>
    }
    action={
      <Box display="flex" flexDirection="column" gap={1}>
        <Typography variant="subtitle2">In catalog-info.yaml</Typography>
        <CodeSnippet
          language="yaml"
          text={`metadata:\n  annotations:\n    ${KUBERNETES_ID_ANNOTATION}: ${props.kubernetesId}`}
        />
        <Typography variant="subtitle2">
          On each Deployment and its pod template
        </Typography>
        <CodeSnippet
          language="yaml"
          text={`metadata:\n  labels:\n    ${KUBERNETES_ID_ANNOTATION}: ${props.kubernetesId}`}
        />
      </Box>
    }
  />
);

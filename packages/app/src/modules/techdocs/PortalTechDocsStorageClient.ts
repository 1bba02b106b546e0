import { TechDocsStorageClient } from '@backstage/plugin-techdocs';
import { explainBuildError } from './explainBuildError';

/**
 * The upstream storage client, with build failures explained: the Docs tab
 * shows the error's message, so a missing `mkdocs` reads as what to install.
 */
export class PortalTechDocsStorageClient extends TechDocsStorageClient {
  override async syncEntityDocs(
    ...args: Parameters<TechDocsStorageClient['syncEntityDocs']>
  ) {
    try {
      return await super.syncEntityDocs(...args);
    } catch (error) {
      throw explainBuildError(error);
    }
  }
}

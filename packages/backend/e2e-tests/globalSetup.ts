import {
  STAGE_DIR_VARIABLE,
  isListening,
  postgres,
  removeStage,
  stageProductionImage,
} from './productionBackend';

/**
 * Stages the production image's contents once for the production tests.
 * They need the PostgreSQL of the machine; without one they are skipped
 * locally, but fail in CI.
 */
export default async function globalSetup() {
  if (!(await isListening(postgres.host, postgres.port))) {
    const message = `No PostgreSQL at ${postgres.host}:${postgres.port}; the production tests need one (PORTAL_TEST_POSTGRES_HOST/PORT)`;
    if (process.env.CI) {
      throw new Error(message);
    }
    console.warn(`${message}: skipping them`);
    return undefined;
  }
  const dir = stageProductionImage();
  process.env[STAGE_DIR_VARIABLE] = dir;
  return async () => removeStage(dir);
}

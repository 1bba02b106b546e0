import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { statusChecksOf } from './statusChecks';

describe('statusChecksOf', () => {
  let workspace: string;

  beforeEach(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'status-checks-'));
    await mkdir(join(workspace, '.github/workflows'), { recursive: true });
  });

  afterEach(() => rm(workspace, { recursive: true, force: true }));

  const checksOf = async (workflow: string) => {
    await writeFile(join(workspace, '.github/workflows/ci.yaml'), workflow);
    return statusChecksOf(workspace, '.github/workflows/ci.yaml');
  };

  it('names each job that runs on every pull request, by its name or its id', async () => {
    expect(
      await checksOf(`
jobs:
  lint:
    runs-on: ubuntu-latest
  test:
    name: Unit tests
    needs: lint
    runs-on: ubuntu-latest
  templated:
    name: Build \${{ github.ref }}
    runs-on: ubuntu-latest
`),
    ).toEqual(['lint', 'Unit tests', 'templated']);
  });

  it('leaves out conditional jobs, the jobs that need them, and matrix jobs', async () => {
    expect(
      await checksOf(`
jobs:
  build:
    runs-on: ubuntu-latest
  image:
    needs: build
    if: github.event_name == 'push'
    runs-on: ubuntu-latest
  deploy:
    needs: [image]
    runs-on: ubuntu-latest
  matrix:
    strategy:
      matrix:
        node: [20, 22]
    runs-on: ubuntu-latest
`),
    ).toEqual(['build']);
  });

  it('requires the build or test job alone of the Node.js and Python skeletons', async () => {
    const root = resolve(__dirname, '../../../..');
    expect(
      await statusChecksOf(
        join(root, 'templates/golden-path-service/skeleton'),
        '.github/workflows/ci.yaml',
      ),
    ).toEqual(['build']);
    expect(
      await statusChecksOf(
        join(root, 'templates/golden-path-python-service/skeleton'),
        '.github/workflows/ci.yaml',
      ),
    ).toEqual(['test']);
  });

  it('requires none when the workflow is absent', async () => {
    expect(
      await statusChecksOf(workspace, '.github/workflows/none.yaml'),
    ).toEqual([]);
  });
});

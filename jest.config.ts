import { getJestProjectsAsync } from '@nx/jest';

export default async () => ({
  projects: await getJestProjectsAsync(),
  // A global option: the projects' own testTimeout is ignored in a multi-project run. Integration
  // suites start a fresh (possibly embedded) database per file, which takes seconds on a busy machine.
  testTimeout: 60_000,
});

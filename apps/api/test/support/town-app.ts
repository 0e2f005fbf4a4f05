import { createTown, loginTown, Town } from './factories';
import { createTestApp, TestApp } from './test-app';

/**
 * What most HTTP suites set up in their `beforeAll`: the real app on a fresh database, the test
 * town in it, and every town user's access token in `tokens` (by user id, for `bearer()`).
 */
export async function startTown(
  tokens: Map<string, string>,
  env: Record<string, string> = {},
): Promise<{ t: TestApp; town: Town }> {
  const t = await createTestApp(env);
  const town = await createTown(t.db);
  for (const [id, token] of await loginTown(t.http, town)) tokens.set(id, token);
  return { t, town };
}

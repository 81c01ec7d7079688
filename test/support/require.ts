// Real-server suites need real servers. Locally a missing one skips the suite with a
// reason; in CI (CI=true) it is a failure, never a silent skip.
export function missingServer(what: string, why: string): never | false {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`${what} is required in CI but not available: ${why}`);
  }
  console.warn(`skipping: ${what} not available (${why}); run scripts/install-test-deps.sh`);
  return false;
}

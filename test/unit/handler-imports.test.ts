// The handler map (core/handlers.ts) imports the capabilities; a capability must not
// import the map back, not even for its types (they live in core/handler-types.ts).
import { describe, expect, it } from 'vitest';
import { staticImportGraph } from '../support/import-graph.js';

const CAPABILITIES = ['core/discover/handler.ts', 'core/probe/handler.ts', 'core/accounts/handlers.ts', 'core/profiles/handler.ts'];

describe('core/handlers.ts and the capabilities import one way', () => {
  it.each(CAPABILITIES)('%s does not reach core/handlers.ts, types included', (capability) => {
    const { files } = staticImportGraph(capability, { withTypes: true });
    expect(files).toContain('core/handler-types.ts');
    expect(files).not.toContain('core/handlers.ts');
  });

  it('the map itself loads no capability and no library until a request comes (lazy(() => import(…)))', () => {
    const { files, packages } = staticImportGraph('core/handlers.ts');
    expect(files.filter((f) => f !== 'core/handlers.ts')).toEqual([]);
    expect([...packages.keys()]).toEqual([]);
  });

  it('the test capability records its result through accounts/last-test.ts', () => {
    const { files } = staticImportGraph('core/probe/handler.ts', { withTypes: true });
    expect(files).toContain('core/accounts/last-test.ts');
  });
});

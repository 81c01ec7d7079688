// Step 1 of every server test: look the host up (through the chosen resolver) and
// record the step; a failure becomes DNS_NOT_FOUND or DNS_FAILED.
import type { DiagnosisFacts } from '../../shared/diagnosis.js';
import type { Diagnosis, ServerSpec } from '../../shared/probe.js';
import { resolveHost, type ProbeContext, type StepRecorder } from './context.js';
import { classifyConnectionError, makeDiagnosis } from './diagnose.js';

/** The address to connect to, or null after recording why there is none. */
export async function resolveStep(
  spec: ServerSpec,
  ctx: ProbeContext,
  rec: StepRecorder,
  facts: DiagnosisFacts,
  diagnosis: Diagnosis[],
): Promise<string | null> {
  const t = rec.elapsed();
  try {
    const address = await resolveHost(ctx.resolver, spec.host, ctx.timeoutMs, ctx.signal);
    rec.record('resolve', true, t, address);
    return address;
  } catch (e) {
    const c = classifyConnectionError(e);
    const detail = c.detail ? ctx.redactor.text(c.detail) : undefined;
    rec.record('resolve', false, t, detail);
    diagnosis.push(makeDiagnosis(c.code === 'DNS_NOT_FOUND' ? 'DNS_NOT_FOUND' : 'DNS_FAILED', { ...facts, detail }));
    return null;
  }
}

// Every standard port of one host in one role: the main inspection and, on STARTTLS ports,
// the injection test on a connection of its own; then the port's checks.
import type tls from 'node:tls';
import type { AuditCheck } from '../../../shared/audit.js';
import type { ConnectionGate } from '../../net/connection-gate.js';
import type { InjectionFacts, PortFacts } from './facts.js';
import { imapInjection, inspectImap } from './imap-facts.js';
import { portChecks, type PortPlan, type Role, type StandardPort } from './port-checks.js';
import type { SessionOptions } from './session.js';
import { inspectSmtp, smtpInjection } from './smtp-facts.js';

export const ROLE_PORTS: Record<Role, { port: StandardPort; implicitTls: boolean }[]> = {
  submission: [{ port: 587, implicitTls: false }, { port: 465, implicitTls: true }],
  imap: [{ port: 993, implicitTls: true }, { port: 143, implicitTls: false }],
  mx: [{ port: 25, implicitTls: false }],
};

export interface RoleTarget {
  role: Role;
  host: string;
  address: string;
  domain: string;
  /** A port named for this server besides the standard ones (--smtp/--imap HOST:PORT:SECURITY). */
  extraPort?: { port: number; implicitTls: boolean };
}

/** The ports audited for a target: the role's standard ones, and a named one judged like the standard port of its kind. */
export function plansFor(t: RoleTarget): PortPlan[] {
  const plans: PortPlan[] = ROLE_PORTS[t.role].map((p) => ({ role: t.role, host: t.host, ...p, like: p.port }));
  const extra = t.extraPort;
  if (extra && !plans.some((p) => p.port === extra.port) && t.role !== 'mx') {
    const like = (ROLE_PORTS[t.role].find((p) => p.implicitTls === extra.implicitTls) ?? ROLE_PORTS[t.role][0]) as { port: StandardPort };
    plans.push({ role: t.role, host: t.host, port: extra.port, implicitTls: extra.implicitTls, like: like.port });
  }
  return plans;
}

export interface ServerEnv {
  gate: ConnectionGate;
  secureContext: tls.SecureContext;
  /** One audit's TLS sessions (see SessionOptions.tlsSessions). */
  tlsSessions: Map<string, Buffer>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** MX certificates: resolved once the MTA-STS check is done. */
  mtaStsEnforce: Promise<boolean>;
  now: () => number;
}

interface PortRun {
  plan: PortPlan;
  facts: PortFacts;
  injection?: InjectionFacts;
}

async function runPort(t: RoleTarget, plan: PortPlan, env: ServerEnv): Promise<PortRun> {
  const opts: SessionOptions = {
    host: t.host, address: t.address, port: plan.port, implicitTls: plan.implicitTls,
    gate: env.gate, secureContext: env.secureContext, tlsSessions: env.tlsSessions, timeoutMs: env.timeoutMs, ...(env.signal ? { signal: env.signal } : {}),
  };
  const smtp = t.role !== 'imap';
  const facts = await (smtp ? inspectSmtp(opts, t.domain, plan.like !== 465) : inspectImap(opts));
  if (plan.implicitTls || !facts.tls) return { plan, facts };
  const injection = await (smtp ? smtpInjection(opts) : imapInjection(opts));
  return { plan, facts, injection };
}

/** Checks of every port of the role, emitted per port as soon as it can be judged. */
export async function auditRole(t: RoleTarget, env: ServerEnv, emit: (c: AuditCheck) => void): Promise<AuditCheck[]> {
  const runs = await Promise.all(plansFor(t).map((plan) => runPort(t, plan, env)));
  const enforce = t.role === 'mx' ? await env.mtaStsEnforce : false;
  const otherSubmission = runs.filter((r) => r.plan.role === 'submission' && r.plan.port !== 587 && r.facts.answered).map((r) => r.plan.port);
  const out: AuditCheck[] = [];
  for (const r of runs) {
    const checks = portChecks({ ...r, ...(r.injection ? { injection: r.injection } : {}), otherSubmissionAnswered: otherSubmission, mtaStsEnforce: enforce, now: env.now() });
    checks.forEach(emit);
    out.push(...checks);
  }
  return out;
}

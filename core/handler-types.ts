// The shape of a capability: what core/handlers.ts assembles and every capability module
// implements. Its own file so that capabilities and the map import it one way (no cycle).
import type { EventName, Events, Params, Reply, RequestName } from '../shared/contract.js';
import type { ConnectionGate } from './net/connection-gate.js';

export interface HandlerContext {
  signal?: AbortSignal;
  emit?: <E extends EventName>(name: E, payload: Events[E]) => void;
  /** Caps connections per server address across a whole command (the audit's politeness rule). */
  gate?: ConnectionGate;
}

export type Handler<K extends RequestName> = (params: Params<K>, ctx: HandlerContext) => Promise<Reply<K>>;
export type Handlers = { [K in RequestName]: Handler<K> };

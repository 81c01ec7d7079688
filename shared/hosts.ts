// Facts about host names the window shows but must not work out itself: who runs a
// server (its registrable domain, from the public suffix list), the Unicode form of an
// IDN, and whether a name resolves (before offering it as a fix). Asked of the engine
// so that the window stays small and never does DNS of its own.

export interface HostsParams {
  hosts: string[];
  /** DNS server "HOST[:PORT]", as for discover and test. */
  resolver?: string;
  /** Also look each name up (A/AAAA). */
  resolve?: boolean;
}

export interface HostFacts {
  host: string;
  /** The name in Unicode (IDN), for display. */
  unicode: string;
  /** Registrable domain (eTLD+1) in Unicode; the host itself when it has none. */
  registrable: string;
  /** With `resolve`: whether the name has an address; absent otherwise. */
  resolves?: boolean;
}

// A loopback address whose TCP ports silently drop every packet (no RST, no answer), as
// a firewall does: an nftables rule in a table of our own, removed on close. Needs root
// and the nft tool (scripts/install-test-deps.sh installs nftables).
import { execFileSync } from 'node:child_process';

export interface DroppingHost {
  address: string;
  close(): void;
}

let counter = 0;

/** Why a dropping host cannot be made here, or null when it can. */
export function droppingHostUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'needs root for an nftables rule';
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'the nft tool (Debian package nftables) is not installed';
  }
  return null;
}

/** Drops TCP to `address` (all ports, or only `ports`) until close(). */
export function startDroppingHost(address: string, ports?: number[]): DroppingHost {
  if (!/^127\.\d+\.\d+\.\d+$/.test(address)) throw new Error(`only loopback addresses may be dropped, not ${address}`);
  const table = `mailsetup_drop_${process.pid}_${++counter}`;
  const nft = (...args: string[]): void => void execFileSync('nft', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  nft('add', 'table', 'ip', table);
  try {
    nft('add', 'chain', 'ip', table, 'input', '{ type filter hook input priority -10 ; }');
    const match = ports && ports.length > 0 ? ['tcp', 'dport', `{ ${ports.join(', ')} }`] : ['ip', 'protocol', 'tcp'];
    nft('add', 'rule', 'ip', table, 'input', 'ip', 'daddr', address, ...match, 'drop');
  } catch (e) {
    nft('delete', 'table', 'ip', table);
    throw e;
  }
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    process.off('exit', close);
    try {
      nft('delete', 'table', 'ip', table);
    } catch {
      // Already gone: nothing to undo.
    }
  };
  // A crashed run must not leave the rule behind.
  process.on('exit', close);
  return { address, close };
}

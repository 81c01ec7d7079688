// The server's certificate chain as Node's objects, converted once per connection. Node
// already converts the whole chain for its own host-name check after a good chain
// (getPeerCertificate(true) in its handshake code); a second conversion for our report
// doubled the most expensive step of a handshake, which an audit of thousands of
// domains pays eight times per domain.
import tls, { type ConnectionOptions, type DetailedPeerCertificate, type PeerCertificate, type TLSSocket } from 'node:tls';

const converted = new WeakMap<TLSSocket, { chain?: DetailedPeerCertificate }>();

/** tls.connect, keeping the chain Node converts during the handshake for peerCertificate(). */
export function connectTls(options: ConnectionOptions): TLSSocket {
  const seen: { chain?: DetailedPeerCertificate } = {};
  const check = options.checkServerIdentity ?? tls.checkServerIdentity;
  const socket = tls.connect({
    ...options,
    checkServerIdentity: (host: string, cert: PeerCertificate) => {
      seen.chain = cert as DetailedPeerCertificate;
      return check(host, cert);
    },
  });
  converted.set(socket, seen);
  return socket;
}

/** The peer's chain: the handshake's own conversion when there was one, else one made now (and kept). */
export function peerCertificate(socket: TLSSocket): DetailedPeerCertificate {
  const seen = converted.get(socket);
  if (!seen) return socket.getPeerCertificate(true);
  return (seen.chain ??= socket.getPeerCertificate(true));
}

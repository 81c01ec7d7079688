// The server's certificate chain as Node's objects, converted once per connection. Node
// already converts the whole chain for its own host-name check after a good chain
// (getPeerCertificate(true) in its handshake code); a second conversion for our report
// doubled the most expensive step of a handshake, which an audit of thousands of
// domains pays eight times per domain.
import tls, { type ConnectionOptions, type DetailedPeerCertificate, type PeerCertificate, type TLSSocket } from 'node:tls';

const converted = new WeakMap<TLSSocket, { chain?: DetailedPeerCertificate }>();

export interface ConnectTlsOptions extends ConnectionOptions {
  /**
   * 'leaf': only the server's own certificate is converted, for callers that report no
   * chain (the audit judges the leaf and takes the trust verdict from OpenSSL). The full
   * conversion copies every certificate of the chain and looks the issuer up in the trust
   * store: the costliest step of an audit's handshake after the cryptography itself.
   */
  chain?: 'full' | 'leaf';
}

/** tls.connect, keeping the chain Node converts during the handshake for peerCertificate(). */
export function connectTls(options: ConnectTlsOptions): TLSSocket {
  const { chain = 'full', ...rest } = options;
  const seen: { chain?: DetailedPeerCertificate } = {};
  const check = options.checkServerIdentity ?? tls.checkServerIdentity;
  const socket = tls.connect({
    ...rest,
    checkServerIdentity: (host: string, cert: PeerCertificate) => {
      seen.chain = cert as DetailedPeerCertificate;
      return check(host, cert);
    },
  });
  if (chain === 'leaf') {
    // Node's handshake code asks the socket itself (this.getPeerCertificate(true)) for the
    // chain it hands to the host-name check, which reads only the leaf.
    socket.getPeerCertificate = function (this: TLSSocket) {
      return tls.TLSSocket.prototype.getPeerCertificate.call(this, false);
    } as TLSSocket['getPeerCertificate'];
  }
  converted.set(socket, seen);
  return socket;
}

/** The peer's chain (only the leaf for chain: 'leaf'): the handshake's own conversion when there was one, else one made now (and kept). */
export function peerCertificate(socket: TLSSocket): DetailedPeerCertificate {
  const seen = converted.get(socket);
  if (!seen) return socket.getPeerCertificate(true);
  return (seen.chain ??= socket.getPeerCertificate(true));
}

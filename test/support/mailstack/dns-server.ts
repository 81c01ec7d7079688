// A tiny authoritative DNS server (UDP + TCP) for the stack's host names, so that the
// built CLI can be run with `--resolver 127.0.0.3:PORT` like a user would.
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';

export interface StackDnsServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

function answer(query: Buffer, hosts: Record<string, string>): Buffer {
  const q = dnsPacket.decode(query);
  const question = q.questions?.[0];
  const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '');
  const address = hosts[name];
  const known = address !== undefined;
  const answers: dnsPacket.Answer[] =
    known && question?.type === 'A' ? [{ type: 'A', name: question.name, ttl: 60, class: 'IN', data: address }] : [];
  return dnsPacket.encode({
    id: q.id,
    type: 'response',
    // NXDOMAIN (rcode 3) for names outside the stack, NOERROR/NODATA for other types.
    flags: dnsPacket.AUTHORITATIVE_ANSWER | ((q.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | (known ? 0 : 3),
    questions: q.questions ?? [],
    answers,
  });
}

export async function startDnsServer(host: string, hosts: Record<string, string>): Promise<StackDnsServer> {
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    try {
      udp.send(answer(msg, hosts), rinfo.port, rinfo.address);
    } catch {
      // malformed query: no answer, like a real server under garbage
    }
  });
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, host, () => resolve());
  });
  const port = udp.address().port;
  const tcp = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = buf.subarray(2, 2 + len);
        buf = buf.subarray(2 + len);
        try {
          const out = answer(msg, hosts);
          const head = Buffer.alloc(2);
          head.writeUInt16BE(out.length);
          sock.write(Buffer.concat([head, out]));
        } catch {
          sock.destroy();
        }
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, host, () => resolve());
  });
  return {
    host,
    port,
    close: async () => {
      await new Promise<void>((r) => udp.close(() => r()));
      await new Promise<void>((r) => tcp.close(() => r()));
    },
  };
}

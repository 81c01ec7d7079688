import type { ServerSettings } from '../../../shared/model.js';
import { SECURITY_LABELS } from '../lib/labels.js';
import { Badge } from './Badge.js';

/** The servers of one configuration: what a user would type into a mail client. */
export function ServerTable({ servers }: { servers: ServerSettings[] }) {
  return (
    <table className="servers">
      <thead>
        <tr>
          <th scope="col">Protocol</th>
          <th scope="col">Server</th>
          <th scope="col" className="num">
            Port
          </th>
          <th scope="col">Security</th>
          <th scope="col">Username</th>
        </tr>
      </thead>
      <tbody>
        {servers.map((s, i) => (
          <tr key={`${s.protocol}-${s.host}-${s.port}-${i}`}>
            <td className="proto">{s.protocol.toUpperCase()}</td>
            <td>
              <code>{s.host}</code>
            </td>
            <td className="num">{s.port}</td>
            <td>{s.security === 'none' ? <Badge tone="bad">{SECURITY_LABELS.none}</Badge> : SECURITY_LABELS[s.security]}</td>
            <td>
              <code>{s.username}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

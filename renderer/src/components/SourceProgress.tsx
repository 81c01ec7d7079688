import type { SourceName, SourceReport } from '../../../shared/model.js';
import { SOURCE_LABELS, STATUS_LABELS } from '../lib/labels.js';
import { Badge, type Tone } from './Badge.js';

function toneOf(report: SourceReport | undefined): Tone {
  if (!report) return 'busy';
  switch (report.status) {
    case 'found':
      return 'good';
    case 'error':
    case 'invalid':
    case 'timeout':
      return 'bad';
    default:
      return 'neutral';
  }
}

/** Live per-source progress of a discovery: which source answered what, and when. */
export function SourceProgress({ sources, running, pending = [] }: { sources: SourceReport[]; running: boolean; pending?: SourceName[] }) {
  if (sources.length === 0 && running) {
    return (
      <p className="muted" aria-live="polite">
        <span className="spinner" aria-hidden="true" /> Asking the sources…
      </p>
    );
  }
  return (
    <table className="sources" aria-label="Discovery sources">
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Time
          </th>
        </tr>
      </thead>
      <tbody aria-live="polite">
        {sources.map((s) => (
          <tr key={s.source} data-source={s.source}>
            <td>
              {SOURCE_LABELS[s.source] ?? s.source}
              {s.detail ? <div className="source-detail">{s.detail}</div> : null}
            </td>
            <td>
              <Badge tone={toneOf(s)}>{STATUS_LABELS[s.status] ?? s.status}</Badge>
            </td>
            <td className="num">{Math.round(s.ms)} ms</td>
          </tr>
        ))}
        {running
          ? pending.map((name) => (
              <tr key={name} data-source={name} data-pending="true">
                <td>{SOURCE_LABELS[name]}</td>
                <td>
                  <Badge tone="busy">asking</Badge>
                </td>
                <td className="num muted">…</td>
              </tr>
            ))
          : null}
      </tbody>
    </table>
  );
}

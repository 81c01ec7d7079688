// Where discovery looked: one line by default ("Asked 8 places in 2.1 s, found in 2"),
// expanding to every source with its outcome and a bar for its time.
import { useId, useState } from 'react';
import type { SourceReport } from '../../../shared/model.js';
import { DISCOVERY_SOURCES } from '../../../shared/discover.js';
import { onEscape } from '../lib/focus.js';
import { duration, plainOrNothing, SOURCE_LABELS, STATUS_LABELS } from '../lib/words.js';

export function Waterfall({ sources }: { sources: SourceReport[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const sorted = [...sources].sort((a, b) => DISCOVERY_SOURCES.indexOf(a.source) - DISCOVERY_SOURCES.indexOf(b.source));
  const longest = Math.max(1, ...sorted.map((s) => s.ms));
  const found = sorted.filter((s) => s.status === 'found').length;
  const asked = sorted.filter((s) => s.status !== 'skipped').length;
  return (
    <div className="waterfall" onKeyDown={onEscape(() => setOpen(false), open)}>
      <button type="button" className="disclosure" aria-expanded={open} aria-controls={`${id}-list`} onClick={() => setOpen(!open)}>
        <span className="arrow" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        Asked {asked} {asked === 1 ? 'place' : 'places'} in {duration(longest)}; found settings in {found}
      </button>
      {open ? (
        <ul id={`${id}-list`} className="waterfall-list">
          {sorted.map((s) => (
            <li key={s.source} data-source={s.source} className={`wf-${s.status}`}>
              <span className="wf-name">{SOURCE_LABELS[s.source]}</span>
              <span className="wf-status">{STATUS_LABELS[s.status]}</span>
              <span className="wf-bar" aria-hidden="true">
                <span style={{ width: `${Math.max(2, (s.ms / longest) * 100)}%` }} />
              </span>
              <span className="wf-ms">{duration(s.ms)}</span>
              {plainOrNothing(s.detail) ? <span className="wf-detail">{plainOrNothing(s.detail)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

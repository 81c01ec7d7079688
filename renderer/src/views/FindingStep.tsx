// While discovery runs: one progress line naming what is still pending, Stop, and
// "Use what was found so far" once something was found.
import { useId } from 'react';
import type { SourceReport } from '../../../shared/model.js';
import { DISCOVERY_SOURCES } from '../../../shared/discover.js';
import { onEscape, useFocusOnChange } from '../lib/focus.js';
import { SOURCE_WORDS } from '../lib/words.js';

export function FindingStep({ email, sources, onStop, onUseFound }: { email: string; sources: SourceReport[]; onStop: () => void; onUseFound: () => void }) {
  const id = useId();
  const heading = useFocusOnChange<HTMLHeadingElement>(email);
  const total = DISCOVERY_SOURCES.length;
  const done = sources.length;
  const found = sources.some((s) => s.status === 'found');
  const pending = DISCOVERY_SOURCES.filter((name) => !sources.some((s) => s.source === name)).map((name) => SOURCE_WORDS[name]);
  return (
    <section className="card step" aria-labelledby={`${id}-title`} onKeyDown={onEscape(onStop)}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Looking up the settings for {email}
      </h2>
      <div className="progress-line">
        <span className="spinner" aria-hidden="true" />
        <progress max={total} value={done} aria-label="Places asked so far" />
        <p className="progress-text">
          {found ? 'Settings found; checking whether a better source answers. ' : ''}
          {pending.length > 0 ? `Still waiting for: ${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ` and ${pending.length - 3} more` : ''}.` : 'Almost done.'}
        </p>
      </div>
      <div className="button-row">
        {found ? (
          <button type="button" className="primary" onClick={onUseFound}>
            Use what was found so far
          </button>
        ) : null}
        <button type="button" onClick={onStop}>
          Stop
        </button>
      </div>
    </section>
  );
}

// The two secondary entries on the address step and the views they open in place of
// the flow. The real views (renderer/src/audit/AuditView.tsx, renderer/src/cpanel/
// CpanelView.tsx) are built separately; until they are merged, a placeholder stands in.
// Swapping one in is a one-line change of the `view` below.
import { useId } from 'react';
import type { Transport } from '../api/transport.js';
import { onEscape, useFocusOnChange } from '../lib/focus.js';
import { CpanelView } from '../cpanel/CpanelView.js';

export type SecondaryView = 'audit' | 'cpanel';

export interface SecondaryViewProps {
  api: Transport;
  onClose: () => void;
}

function Placeholder({ title, what, onClose }: { title: string; what: string; onClose: () => void }) {
  const id = useId();
  const heading = useFocusOnChange<HTMLHeadingElement>(title);
  return (
    <section className="card step" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p>{what}</p>
      <div className="button-row">
        <button type="button" onClick={onClose}>
          Back
        </button>
      </div>
    </section>
  );
}

function AuditPlaceholder({ onClose }: SecondaryViewProps) {
  return <Placeholder title="Check a domain’s mail security" what="This check is not part of this version yet." onClose={onClose} />;
}

const VIEWS: Record<SecondaryView, (props: SecondaryViewProps) => React.JSX.Element> = {
  audit: AuditPlaceholder,
  cpanel: CpanelView,
};

export const SECONDARY_ENTRIES: { view: SecondaryView; label: string }[] = [
  { view: 'audit', label: "Check a domain's mail security" },
  { view: 'cpanel', label: 'Connect to cPanel' },
];

/** The opened view, in place of the flow; Escape (or its own Back) returns. */
export function SecondaryViewHost({ view, api, onClose }: { view: SecondaryView; api: Transport; onClose: () => void }) {
  const View = VIEWS[view];
  return (
    <div onKeyDown={onEscape(onClose)}>
      <View api={api} onClose={onClose} />
    </div>
  );
}

// The two secondary entries on the address step and the views they open in place of
// the flow: the domain security audit and the cPanel panel.
import type { Transport } from '../api/transport.js';
import { onEscape } from '../lib/focus.js';
import { AuditView } from '../audit/AuditView.js';
import { CpanelView } from '../cpanel/CpanelView.js';

export type SecondaryView = 'audit' | 'cpanel';

export interface SecondaryViewProps {
  api: Transport;
  onClose: () => void;
}

const VIEWS: Record<SecondaryView, (props: SecondaryViewProps) => React.JSX.Element> = {
  audit: AuditView,
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

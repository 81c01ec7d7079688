import { useId } from 'react';
import type { DiscoveryResult, MailConfig } from '../../../shared/model.js';
import { SOURCE_LABELS } from '../lib/labels.js';
import { foreignDomains, registrableDomains } from '../lib/provenance.js';
import { Badge } from './Badge.js';
import { ServerTable } from './ServerTable.js';

function ConfigCard({ config, index, selected, onSelect, emailDomain, groupName }: { config: MailConfig; index: number; selected: boolean; onSelect: () => void; emailDomain: string; groupName: string }) {
  const domains = registrableDomains(config);
  const foreign = foreignDomains(config, emailDomain);
  const servers = [...config.incoming, ...config.outgoing];
  return (
    <article className={`config-card${selected ? ' selected' : ''}${config.secure ? '' : ' insecure'}`} data-testid={`config-${index}`}>
      <header className="config-head">
        <label className="config-pick">
          <input type="radio" name={groupName} checked={selected} onChange={onSelect} />
          <span className="config-title">{index === 0 ? 'Recommended' : `Alternative ${index}`}</span>
        </label>
        <div className="config-badges">
          <Badge tone="neutral">{SOURCE_LABELS[config.source] ?? config.source}</Badge>
          {config.secure ? (
            <Badge tone="good" title="Every hop was authenticated (valid HTTPS or DNSSEC)">
              secure source
            </Badge>
          ) : (
            <Badge tone="warn" title="Came over plain HTTP, an unvalidated redirect or unsigned DNS">
              insecure source
            </Badge>
          )}
        </div>
      </header>
      <ServerTable servers={servers} />
      <dl className="provenance">
        <div>
          <dt>From</dt>
          <dd>
            <code className="url">{config.url}</code>
          </dd>
        </div>
        <div>
          <dt>Servers run by</dt>
          <dd>
            {domains.join(', ')}
            {foreign.length > 0 ? <span className="muted"> (not {emailDomain})</span> : null}
          </dd>
        </div>
      </dl>
    </article>
  );
}

/**
 * The recommendation and the alternatives, with provenance. An insecure result must
 * be confirmed before a password is sent to its servers.
 */
export function ConfigChoice({
  result,
  selected,
  onSelect,
  approved,
  onApprove,
}: {
  result: DiscoveryResult;
  selected: number;
  onSelect: (index: number) => void;
  approved: boolean;
  onApprove: (approved: boolean) => void;
}) {
  const group = useId();
  const chosen = result.configs[selected];
  return (
    <div className="configs">
      {result.configs.map((config, i) => (
        <ConfigCard key={`${config.source}-${config.url}-${i}`} config={config} index={i} selected={i === selected} onSelect={() => onSelect(i)} emailDomain={result.domain} groupName={group} />
      ))}
      {chosen && !chosen.secure ? (
        <div className="notice notice-warn" role="group" aria-labelledby={`${group}-warn`}>
          <p id={`${group}-warn`}>
            <strong>These settings came over an insecure channel.</strong> Someone on the network could have changed them to point at
            their own server. Check that {registrableDomains(chosen).join(', ')} really belongs to your mail provider before sending your
            password there.
          </p>
          <label className="check">
            <input type="checkbox" checked={approved} onChange={(e) => onApprove(e.target.checked)} />I checked these servers and want to use them
          </label>
        </div>
      ) : null}
    </div>
  );
}

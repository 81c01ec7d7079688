// The answer: a short human summary of the recommendation (focused, scrolled into view
// and announced), how far to trust it, "Verify and save", and what to do when the
// check fails. The helpdesk detail sits behind Details.
import { useId, useState } from 'react';
import type { MailConfig } from '../../../shared/model.js';
import type { TestProgress } from '../../../shared/probe.js';
import type { Transport } from '../api/transport.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ManualSettings } from '../components/ManualSettings.js';
import { chosenServers, refusedPassword, type ManualChoice, type Person, type Stage } from '../flow/state.js';
import { onEscape, useFocusOnChange } from '../lib/focus.js';
import { owner, shown, shownEmail, useHostFacts, type HostFactsMap } from '../lib/hosts.js';
import { trustOf } from '../lib/trust.js';
import { plainOrNothing, PROTOCOL_NOUNS, SECURITY_WORDS, SOURCE_WORDS } from '../lib/words.js';
import { Details } from './Details.js';
import { TestOutcome, type Retry } from './TestOutcome.js';

type Found = Extract<Stage, { kind: 'found' }>;

function Summary({ servers, config, facts }: { servers: ManualChoice; config?: MailConfig; facts: HostFactsMap | null }) {
  const { imap, smtp } = servers;
  const sameHost = imap.host === smtp.host;
  const sec = (s: ManualChoice['imap']): string => (s.security === 'none' ? 'without encryption' : `secured with ${SECURITY_WORDS[s.security]}`);
  return (
    <div className="summary">
      {sameHost ? (
        <p>
          Your mail is at <strong>{shown(imap.host, facts)}</strong>, {imap.security === smtp.security ? sec(imap) : `${sec(imap)} for receiving and ${SECURITY_WORDS[smtp.security]} for sending`}.
        </p>
      ) : (
        <p>
          You receive mail from <strong>{shown(imap.host, facts)}</strong> ({sec(imap)}) and send through <strong>{shown(smtp.host, facts)}</strong> ({sec(smtp)}).
        </p>
      )}
      <p className="muted">{config ? `Found in ${SOURCE_WORDS[config.source]}.` : 'These are the servers you entered.'}</p>
    </div>
  );
}

function Checking({ progress, onCancel }: { progress: TestProgress[]; onCancel: () => void }) {
  const last = progress.at(-1);
  const failedSteps = progress.filter((p) => !p.step.ok).length;
  return (
    <div className="progress-line" onKeyDown={onEscape(onCancel)}>
      <span className="spinner" aria-hidden="true" />
      <p className="progress-text">
        {last ? `${PROTOCOL_NOUNS[last.protocol]}: ${progress.filter((p) => p.protocol === last.protocol).length} checks done` : 'Connecting to your servers'}
        {failedSteps > 0 ? `, ${failedSteps} failed` : ''}…
      </p>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

export function ResultStep({
  api,
  stage,
  person,
  onPerson,
  onVerify,
  onCancel,
  onSelect,
  onManual,
  onApprove,
  onSaveUntested,
  onStartOver,
  onDevicesUnsaved,
}: {
  api: Transport;
  stage: Found;
  person: Person;
  onPerson: (patch: Partial<Person>) => void;
  onVerify: (retry?: Retry) => void;
  onCancel: () => void;
  onSelect: (index: number) => void;
  onManual: (m: ManualChoice | null) => void;
  onApprove: (approved: boolean) => void;
  onSaveUntested: () => void;
  onStartOver: () => void;
  onDevicesUnsaved: () => void;
}) {
  const id = useId();
  const { result, test } = stage;
  const config = stage.manual ? undefined : result.configs[stage.selected];
  const servers = chosenServers(stage);
  const facts = useHostFacts(api, [result.domain, ...(servers ? [servers.imap.host, servers.smtp.host] : [])], person.resolver);
  const trust = config ? trustOf(config, result.domain, facts) : ({ kind: 'secure' } as const);
  const [askFirst] = useState(() => person.password === '');
  const askPassword = askFirst || (test.kind === 'done' && refusedPassword(test.report));
  // Focus and scroll go to the heading of whatever the person must read next.
  const headingKey = `${result.email}|${test.kind}|${stage.manual ? 'manual' : stage.selected}`;
  const heading = useFocusOnChange<HTMLHeadingElement>(headingKey, test.kind !== 'running');
  const checking = useFocusOnChange<HTMLDivElement>(test.kind, test.kind === 'running');

  const blocked =
    servers === null
      ? 'Enter your servers first.'
      : facts === null
        ? 'Checking who runs these servers…'
        : trust.kind === 'confirm' && !stage.approved
          ? 'Choose whether to use these servers first.'
          : person.password === ''
            ? 'Type your password first.'
            : null;

  const title =
    test.kind === 'done' && !test.report.ok
      ? 'It did not work yet'
      : test.kind === 'done'
        ? 'Your servers work, but the account was not saved'
        : result.configs.length === 0 && !stage.manual
          ? `No settings found for ${shown(result.domain, facts)}`
          : stage.manual
            ? 'Your settings'
            : stage.stopped
              ? 'Settings found so far'
              : 'Your settings were found';
  // The password (when it is not known yet) and the one primary action. After a failed
  // check the outcome places it, unless it offers a more specific next step instead.
  const verifyArea = (
    <>
      {askPassword ? (
        <div className="field">
          <label htmlFor={`${id}-pw`}>Password for {result.email}</label>
          <input id={`${id}-pw`} type="password" autoComplete="current-password" value={person.password} onChange={(e) => onPerson({ password: e.target.value })} />
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" className="primary" disabled={blocked !== null} aria-describedby={blocked ? `${id}-blocked` : undefined} onClick={() => onVerify()}>
          Verify and save
        </button>
        {blocked ? (
          <p id={`${id}-blocked`} className="field-hint">
            {blocked}
          </p>
        ) : null}
      </div>
    </>
  );
  const nxdomain = result.sources.some((s) => /does not exist|NXDOMAIN/.test(s.detail ?? ''));

  return (
    <section className="card step" aria-labelledby={`${id}-title`}>
      <p className="for-line">
        For {shownEmail(result.email, facts)}{' '}
        <button type="button" className="link" onClick={onStartOver}>
          Use another address
        </button>
      </p>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>

      {result.configs.length === 0 && !stage.manual ? (
        <>
          <p>
            {nxdomain
              ? `The domain ${shown(result.domain, facts)} does not exist. Check the spelling of your address.`
              : 'Your provider does not publish its settings. Ask it for the names of its incoming (IMAP) and outgoing (SMTP) servers and enter them here.'}
          </p>
          {nxdomain ? (
            <div className="button-row">
              <button type="button" className="primary" onClick={onStartOver}>
                Check the address
              </button>
            </div>
          ) : (
            <ManualSettings
              initial={{ imap: { host: '', port: 993, security: 'tls' }, smtp: { host: '', port: 587, security: 'starttls' }, username: result.email }}
              onApply={(m) => onManual(m)}
              onCancel={onStartOver}
            />
          )}
        </>
      ) : null}

      {servers && test.kind !== 'done' ? <Summary servers={servers} {...(config ? { config } : {})} facts={facts} /> : null}

      {servers && trust.kind === 'calm' && test.kind !== 'done' ? <p className="note">{trust.note}</p> : null}
      {servers && trust.kind === 'confirm' && config && !(test.kind === 'done' && stage.approved) ? (
        <div className="choice warn" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>
            <strong>
              These settings send your password to servers run by {trust.serverDomains.join(' and ')}, not by {trust.ownDomain}.
            </strong>{' '}
            They came without proof that {trust.ownDomain} chose them. Use them only if you know {trust.serverDomains.join(' and ')} handles your mail.
          </p>
          <p className="muted">How MailSetup got here:</p>
          <ol className="hops">
            <li>Your address: {shownEmail(result.email, facts)}</li>
            {config.url.startsWith('http') ? <li>Asked {config.url.split('?')[0]}</li> : null}
            {result.sources
              .filter((s) => s.source === config.source && s.detail)
              .map((s) => (
                <li key={s.source}>{s.detail}</li>
              ))}
            <li>
              Servers: {[...new Set([servers.imap.host, servers.smtp.host])].map((h) => `${shown(h, facts)} (${owner(h, facts)})`).join(', ')}
            </li>
          </ol>
          <label className="check">
            <input type="checkbox" checked={stage.approved} onChange={(e) => onApprove(e.target.checked)} />
            Use {trust.serverDomains.join(' and ')}’s servers for my {trust.ownDomain} mail
          </label>
        </div>
      ) : null}

      {test.kind === 'done' && !test.report.ok && servers ? (
        <TestOutcome
          api={api}
          report={test.report}
          current={servers}
          resolver={person.resolver}
          fallback={verifyArea}
          onRetry={onVerify}
        />
      ) : null}
      {test.kind === 'done' && test.report.ok ? (
        <>
          <p className="notice notice-error">
            The account could not be saved{test.report.saved?.message && plainOrNothing(test.report.saved.message) ? `: ${plainOrNothing(test.report.saved.message)}` : '.'} Your system keychain may be
            locked or missing. You can still set up your devices with these settings.
          </p>
          <div className="button-row">
            <button type="button" className="primary" onClick={onDevicesUnsaved}>
              Set up on a device anyway
            </button>
            <button type="button" onClick={() => onVerify()} disabled={blocked !== null}>
              Try saving again
            </button>
          </div>
        </>
      ) : null}
      {test.kind === 'failed' ? <ErrorNotice error={test.error} title="The check could not run" /> : null}
      {test.kind === 'cancelled' ? <p className="note">Check cancelled. Nothing was saved.</p> : null}

      {test.kind === 'running' ? (
        <div ref={checking} tabIndex={-1} className="checking">
          <Checking progress={test.progress} onCancel={onCancel} />
        </div>
      ) : servers && test.kind !== 'done' ? (
        verifyArea
      ) : null}

      {test.kind !== 'running' ? (
        <Details
          result={result}
          selected={stage.selected}
          facts={facts}
          current={servers}
          {...(test.kind === 'done' ? { report: test.report } : {})}
          password={person.password}
          onSelect={onSelect}
          onManual={onManual}
          onSaveUntested={onSaveUntested}
        />
      ) : null}
    </section>
  );
}

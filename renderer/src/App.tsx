// The window: one calm flow from address to a working, saved account (start → finding
// → result → saved, with "Set up on…"), the helpdesk detail behind Details, the saved
// accounts below the start, and the two secondary views in place of the flow.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Transport } from './api/transport.js';
import { accountOf, chosenServers, type Person } from './flow/state.js';
import { useFlow } from './flow/use-flow.js';
import { AnnounceContext } from './lib/focus.js';
import { AccountsList } from './views/AccountsList.js';
import { DevicesStep } from './views/DevicesStep.js';
import { EditAccount } from './views/EditAccount.js';
import { FindingStep } from './views/FindingStep.js';
import { ResultStep } from './views/ResultStep.js';
import { SECONDARY_ENTRIES, SecondaryViewHost, type SecondaryView } from './views/SecondaryViews.js';
import { StartStep } from './views/StartStep.js';
import { ErrorNotice } from './components/ErrorNotice.js';

export function App({ api, door }: { api: Transport; door: 'desktop' | 'browser' }) {
  const [message, setMessage] = useState('');
  // The same text twice in a row is still announced: alternate a trailing no-break space.
  const announce = useCallback((text: string) => setMessage((m) => (m === text ? `${text}\u00a0` : text)), []);
  const flow = useFlow(api, announce);
  const { state, dispatch } = flow;
  const { stage, person } = state;
  const [secondary, setSecondary] = useState<SecondaryView | null>(null);
  // Closing a secondary view puts focus back on the button that opened it.
  const [reopen, setReopen] = useState<SecondaryView | null>(null);
  const entries = useRef(new Map<SecondaryView, HTMLButtonElement>());
  useEffect(() => {
    if (secondary !== null || reopen === null) return;
    entries.current.get(reopen)?.focus();
    setReopen(null);
  }, [secondary, reopen]);
  const closeSecondary = (): void => {
    setReopen(secondary);
    setSecondary(null);
  };
  const [startKey, setStartKey] = useState(0);
  const onPerson = (patch: Partial<Person>): void => dispatch({ type: 'person', patch });
  const startOver = (): void => {
    dispatch({ type: 'start-over' });
    setStartKey((k) => k + 1);
  };

  return (
    <AnnounceContext.Provider value={announce}>
      <div className="app">
        <header className="topbar">
          <h1 className="brand">
            <span className="logo" aria-hidden="true">
              @
            </span>
            MailSetup
          </h1>
          <span className="door muted">{door === 'desktop' ? '' : 'Runs on this computer only'}</span>
        </header>
        <main className="main">
          {secondary ? (
            <SecondaryViewHost view={secondary} api={api} onClose={closeSecondary} />
          ) : (
            <>
              {stage.kind === 'start' ? (
                <>
                  <StartStep person={person} {...(stage.error ? { error: stage.error } : {})} onPerson={onPerson} onSubmit={() => void flow.find()} focusKey={startKey} autoFocus />
                  <div className="secondary-entries">
                    {SECONDARY_ENTRIES.map((e) => (
                      <button
                        key={e.view}
                        type="button"
                        ref={(el) => {
                          if (el) entries.current.set(e.view, el);
                          else entries.current.delete(e.view);
                        }}
                        onClick={() => setSecondary(e.view)}
                      >
                        {e.label}
                      </button>
                    ))}
                  </div>
                  <AccountsList
                    api={api}
                    version={state.accountsVersion}
                    resolver={person.resolver}
                    onDevices={(account) => dispatch({ type: 'saved', account })}
                    onEdit={(account) => dispatch({ type: 'edit', account })}
                  />
                </>
              ) : null}
              {stage.kind === 'finding' ? <FindingStep email={person.email.trim()} sources={stage.sources} onStop={() => flow.stop('stop')} onUseFound={() => flow.stop('use-found')} /> : null}
              {stage.kind === 'lookup-failed' ? (
                <section className="card step">
                  <ErrorNotice error={stage.error} title="The settings could not be looked up" />
                  <div className="button-row">
                    <button type="button" className="primary" onClick={() => void flow.find()} autoFocus>
                      Try again
                    </button>
                    <button type="button" onClick={startOver}>
                      Use another address
                    </button>
                  </div>
                </section>
              ) : null}
              {stage.kind === 'found' ? (
                <ResultStep
                  api={api}
                  stage={stage}
                  person={person}
                  onPerson={onPerson}
                  onVerify={(retry) => void flow.verify(retry)}
                  onCancel={flow.cancel}
                  onSelect={(index) => dispatch({ type: 'select', index })}
                  onManual={(manual) => dispatch({ type: 'manual', manual })}
                  onApprove={(approved) => dispatch({ type: 'approve', approved })}
                  onSaveUntested={() => void flow.saveUntested()}
                  onStartOver={startOver}
                  onDevicesUnsaved={() => {
                    const servers = chosenServers(stage);
                    if (servers && stage.test.kind === 'done') dispatch({ type: 'devices-unsaved', account: accountOf(stage.result.email, person.name, servers, stage.test.report), report: stage.test.report });
                  }}
                />
              ) : null}
              {stage.kind === 'saved' ? <DevicesStep api={api} account={stage.account} untested={!stage.report && !stage.account.lastTest} unsaved={stage.unsaved === true} onDone={startOver} /> : null}
              {stage.kind === 'edit' ? (
                <EditAccount
                  api={api}
                  account={stage.account}
                  test={stage.test}
                  resolver={person.resolver}
                  onVerify={(servers, password, name) => void flow.verifyEdit(stage.account, servers, password, name)}
                  onCancelTest={flow.cancel}
                  onClose={startOver}
                />
              ) : null}
            </>
          )}
        </main>
        <div className="sr-only" role="status" aria-live="polite">
          {message}
        </div>
      </div>
    </AnnounceContext.Provider>
  );
}

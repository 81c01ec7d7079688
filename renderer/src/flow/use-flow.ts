// The flow's asynchronous steps: find (with Stop / use what was found), verify and
// save (with Cancel), save without a test, edit a saved account. Each announces its
// outcome through the one live region; stale answers of an earlier run are dropped.
import { useEffect, useReducer, useRef } from 'react';
import type { Account } from '../../../shared/accounts.js';
import { parseEmail } from '../../../shared/email.js';
import type { TestParams, TestReport } from '../../../shared/probe.js';
import type { Transport } from '../api/transport.js';
import { persist, reduce, refusedPassword, restore, type ManualChoice, chosenServers } from './state.js';

export type StopMode = 'stop' | 'use-found';

export function useFlow(api: Transport, announce: (text: string) => void) {
  const [state, dispatch] = useReducer(reduce, undefined, restore);
  const run = useRef(0);
  const running = useRef<{ controller: AbortController; mode: StopMode } | null>(null);

  useEffect(() => persist(state), [state]);

  useEffect(() => {
    const offDiscover = api.on('discover:progress', (p) => dispatch({ type: 'source', email: p.email, source: p.source }));
    const offTest = api.on('test:progress', (p) => dispatch({ type: 'progress', progress: p }));
    return () => {
      offDiscover();
      offTest();
    };
  }, [api]);

  const resolverParam = (): { resolver?: string } => (state.person.resolver ? { resolver: state.person.resolver } : {});

  const find = async (): Promise<void> => {
    const parsed = parseEmail(state.person.email);
    if (!parsed.ok) {
      dispatch({ type: 'invalid-address', message: parsed.error.message });
      announce(parsed.error.message);
      return;
    }
    const id = ++run.current;
    const controller = new AbortController();
    running.current = { controller, mode: 'stop' };
    dispatch({ type: 'finding', email: parsed.value.email });
    announce(`Looking up the settings for ${parsed.value.email}…`);
    const { person } = state;
    const reply = await api.invoke(
      'discover',
      { email: parsed.value.email, ...(person.offline ? { offline: true } : {}), ...(person.noGuess && !person.offline ? { noGuess: true } : {}), ...resolverParam() },
      { signal: controller.signal },
    );
    if (id !== run.current) return;
    const stopped = controller.signal.aborted ? running.current?.mode : undefined;
    running.current = null;
    if (!reply.ok && stopped) {
      // The desktop bridge cannot bring back what was found so far: back to the form.
      dispatch({ type: 'stopped-empty' });
      announce('Stopped. Nothing was used.');
      return;
    }
    if (!reply.ok) {
      if (reply.error.code === 'BAD_INPUT') {
        dispatch({ type: 'invalid-address', message: reply.error.message });
        announce(reply.error.message);
      } else {
        dispatch({ type: 'lookup-failed', error: reply.error });
        announce('The settings could not be looked up.');
      }
      return;
    }
    if (stopped === 'stop' || (stopped === 'use-found' && reply.value.configs.length === 0)) {
      dispatch({ type: 'stopped-empty' });
      announce('Stopped. Nothing was used.');
      return;
    }
    dispatch({ type: 'found', result: reply.value, stopped: stopped === 'use-found' });
    announce(reply.value.configs.length > 0 ? `Settings found for ${reply.value.email}.` : `No settings were found for ${reply.value.domain}.`);
  };

  /** Stop during discovery: 'stop' goes back to the form, 'use-found' keeps what was found so far. */
  const stop = (mode: StopMode): void => {
    if (!running.current) return;
    running.current.mode = mode;
    running.current.controller.abort();
  };

  /** The settled account for the next step, read back so that it shows its passing test. */
  const savedAccount = async (email: string): Promise<Account | null> => {
    const reply = await api.invoke('accounts', {});
    return reply.ok ? (reply.value.find((a) => a.email === email) ?? null) : null;
  };

  const runTest = async (params: TestParams, onSaved: (account: Account, report: TestReport) => void): Promise<void> => {
    const id = ++run.current;
    const controller = new AbortController();
    running.current = { controller, mode: 'stop' };
    dispatch({ type: 'test', test: { kind: 'running', progress: [] } });
    announce('Checking your servers…');
    const reply = await api.invoke('test', params, { signal: controller.signal });
    if (id !== run.current) return;
    running.current = null;
    if (controller.signal.aborted) {
      dispatch({ type: 'test', test: { kind: 'cancelled' } });
      announce('Check cancelled. Nothing was saved.');
      return;
    }
    if (!reply.ok) {
      dispatch({ type: 'test', test: { kind: 'failed', error: reply.error } });
      announce('The check could not run.');
      return;
    }
    const report = reply.value;
    if (report.ok && report.saved?.ok) {
      const account = await savedAccount(report.email);
      if (account) {
        onSaved(account, report);
        announce(`${report.email} works and is saved.`);
        return;
      }
    }
    dispatch({ type: 'test', test: { kind: 'done', report } });
    // A refused password is asked for again, from an empty field.
    if (refusedPassword(report)) dispatch({ type: 'person', patch: { password: '' } });
    announce(report.ok ? 'Your servers work, but the account could not be saved.' : 'The check found a problem.');
  };

  /** "Verify and save": one test, and the account is saved only when it passes. */
  const verify = async ({ servers: override, trust }: { servers?: ManualChoice; trust?: string } = {}): Promise<void> => {
    const { stage, person } = state;
    if (stage.kind !== 'found') return;
    const servers = override ?? chosenServers(stage);
    const trusted = trust ? [...new Set([...stage.trusted, trust])] : stage.trusted;
    if (trust) dispatch({ type: 'trust', fingerprint: trust });
    if (!servers) return;
    const name = person.name.trim();
    const source = !override && !stage.manual ? stage.result.configs[stage.selected]?.source : undefined;
    if (override) dispatch({ type: 'manual', manual: override });
    await runTest(
      {
        email: stage.result.email,
        password: person.password,
        imap: servers.imap,
        smtp: servers.smtp,
        username: servers.username,
        save: true,
        ...(name ? { displayName: name } : {}),
        ...(source ? { source } : {}),
        ...(trusted.length > 0 ? { trustFingerprints: trusted } : {}),
        ...resolverParam(),
      },
      (account, report) => dispatch({ type: 'saved', account, report }),
    );
  };

  /** Edit a saved account: the changed settings are tested, and saved only when they work. */
  const verifyEdit = async (account: Account, servers: ManualChoice, password: string, name: string): Promise<void> => {
    await runTest(
      {
        email: account.email,
        ...(password ? { password } : {}),
        imap: servers.imap,
        smtp: servers.smtp,
        username: servers.username,
        save: true,
        ...(name.trim() ? { displayName: name.trim() } : {}),
        ...(account.source && account.source !== 'manual' && !password ? { source: account.source } : {}),
        ...resolverParam(),
      },
      (saved, report) => dispatch({ type: 'saved', account: saved, report }),
    );
  };

  /** The deliberate choice in Details: save settings and password without a passing test. */
  const saveUntested = async (): Promise<void> => {
    const { stage, person } = state;
    if (stage.kind !== 'found') return;
    const servers = chosenServers(stage);
    if (!servers) return;
    const name = person.name.trim();
    const source = !stage.manual ? stage.result.configs[stage.selected]?.source : undefined;
    const reply = await api.invoke('save', {
      email: stage.result.email,
      password: person.password,
      imap: servers.imap,
      smtp: servers.smtp,
      username: servers.username,
      ...(name ? { displayName: name } : {}),
      ...(source ? { source } : {}),
      ...resolverParam(),
    });
    if (!reply.ok) {
      dispatch({ type: 'test', test: { kind: 'failed', error: reply.error } });
      announce('The account could not be saved.');
      return;
    }
    dispatch({ type: 'saved', account: reply.value });
    announce(`${reply.value.email} is saved, without a test.`);
  };

  return { state, dispatch, find, stop, verify, verifyEdit, saveUntested, cancel: () => stop('stop') };
}

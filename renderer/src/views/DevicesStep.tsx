// After saving: "Set up on…" a device, not a file format. Each device with its steps;
// the QR code big with the three steps to scan it; the rest (helpdesk sheet, admin
// publish kit as one .zip, text-config programs) under "Other / admin files".
import { useEffect, useId, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts.js';
import type { MailSetupError } from '../../../shared/errors.js';
import type { ExportFormat, ExportParams, ExportResult } from '../../../shared/profiles.js';
import type { Transport } from '../api/transport.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { downloadFile, downloadZip } from '../lib/download.js';
import { useAnnounce, useFocusOnChange } from '../lib/focus.js';
import { domainOf, shownEmail, useHostFacts } from '../lib/hosts.js';
import { plainOrNothing, SECURITY_WORDS } from '../lib/words.js';
import { LastTestLine } from './AccountsList.js';

type Device = 'thunderbird' | 'apple' | 'outlook' | 'android' | 'other';

const DEVICES: { id: Device; label: string }[] = [
  { id: 'thunderbird', label: 'Thunderbird' },
  { id: 'apple', label: 'Apple Mail, iPhone, iPad' },
  { id: 'outlook', label: 'Outlook' },
  { id: 'android', label: 'Thunderbird for Android' },
  { id: 'other', label: 'Other / admin files' },
];

const OTHER_FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'thunderbird-autoconfig', label: 'Autoconfig file', hint: 'for your domain’s web server, so that Thunderbird and others configure themselves' },
  { format: 'outlook-autodiscover', label: 'Autodiscover file', hint: 'for your domain’s web server, for Outlook' },
  { format: 'dns-srv', label: 'DNS service records', hint: 'for your domain’s DNS zone' },
  { format: 'thunderbird-prefs', label: 'Thunderbird, added once (.zip)', hint: 'adds the account to an existing Thunderbird profile while Thunderbird is closed; the guide inside says how, and later changes stay' },
  { format: 'thunderbird-user-js', label: 'Thunderbird, managed by an administrator', hint: 'for a new profile; applied again at every start, so the user’s changes are undone' },
  { format: 'k9s', label: 'K-9 Mail settings file', hint: 'for older Android mail apps' },
  { format: 'mutt', label: 'NeoMutt', hint: 'reads the password from the keychain when it runs' },
  { format: 'aerc', label: 'aerc', hint: 'reads the password from the keychain when it runs' },
  { format: 'msmtp', label: 'msmtp', hint: 'reads the password from the keychain when it runs' },
  { format: 'mbsync', label: 'mbsync (isync)', hint: 'reads the password from the keychain when it runs' },
  { format: 'himalaya', label: 'Himalaya', hint: 'reads the password from the keychain when it runs' },
];

function useExport(api: Transport, account: Account) {
  const [error, setError] = useState<MailSetupError | null>(null);
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat, extra: Partial<ExportParams> = {}): Promise<ExportResult | null> => {
    setBusy(format);
    setError(null);
    // The servers go with the request: exports work whether or not the account is saved.
    const reply = await api.invoke('export', {
      email: account.email,
      format,
      imap: { host: account.incoming.host, port: account.incoming.port, security: account.incoming.security },
      smtp: { host: account.outgoing.host, port: account.outgoing.port, security: account.outgoing.security },
      username: account.incoming.username,
      ...(account.displayName ? { displayName: account.displayName } : {}),
      ...extra,
    });
    setBusy(null);
    if (!reply.ok) {
      setError(reply.error);
      return null;
    }
    return reply.value;
  };
  return { run, error, busy };
}

function Warnings({ result }: { result: ExportResult | null }) {
  const words = (result?.warnings ?? []).map((w) => plainOrNothing(w)).filter((w): w is string => w !== undefined);
  return words.length > 0 ? <p className="note">{words.join(' ')}</p> : null;
}

function SettingsTable({ account }: { account: Account }) {
  const rows = [
    { what: 'Incoming mail (IMAP)', s: account.incoming },
    { what: 'Outgoing mail (SMTP)', s: account.outgoing },
  ];
  return (
    <table className="settings">
      <caption className="sr-only">Settings for {account.email}</caption>
      <thead>
        <tr>
          <th scope="col">Server</th>
          <th scope="col">Name</th>
          <th scope="col">Port</th>
          <th scope="col">Security</th>
          <th scope="col">Username</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ what, s }) => (
          <tr key={what}>
            <th scope="row">{what}</th>
            <td>{s.host}</td>
            <td>{s.port}</td>
            <td>{SECURITY_WORDS[s.security]}</td>
            <td>{s.username}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function readPem(file: File | undefined, set: (text: string) => void): void {
  if (file) void file.text().then(set);
}

function ApplePanel({ api, account }: { api: Transport; account: Account }) {
  const id = useId();
  const { run, error, busy } = useExport(api, account);
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const [withPassword, setWithPassword] = useState(false);
  const [last, setLast] = useState<ExportResult | null>(null);
  const canSign = cert.includes('BEGIN CERTIFICATE') && key.includes('PRIVATE KEY');
  const download = async (): Promise<void> => {
    const out = await run('apple', canSign ? { signCertPem: cert, signKeyPem: key, ...(withPassword ? { includePassword: true } : {}) } : {});
    setLast(out);
    const file = out?.files[0];
    if (file) downloadFile(file);
  };
  return (
    <>
      <ol className="install-steps">
        <li>Download the profile below.</li>
        <li>
          <strong>Mac:</strong> open the downloaded file, then open System Settings › General › Device Management (on older macOS: Profiles), choose the profile
          and Install.
        </li>
        <li>
          <strong>iPhone or iPad:</strong> send the file to the device (AirDrop or email) and open it there. Then open Settings › Profile Downloaded and tap
          Install.
        </li>
        <li>Mail asks for your password once{withPassword && canSign ? ', unless it is in the profile' : ''}.</li>
      </ol>
      <details className="options">
        <summary>Put the password in the profile</summary>
        <p className="muted">A profile with a password must be signed, so that nobody can change it unnoticed. Choose your signing certificate and its private key.</p>
        <div className="field">
          <label htmlFor={`${id}-cert`}>Signing certificate</label>
          <input id={`${id}-cert`} type="file" accept=".pem,.crt,.cer" onChange={(e) => readPem(e.target.files?.[0], setCert)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-key`}>Private key of that certificate</label>
          <input id={`${id}-key`} type="file" accept=".pem,.key" onChange={(e) => readPem(e.target.files?.[0], setKey)} />
        </div>
        <label className="check">
          <input type="checkbox" checked={withPassword} disabled={!canSign} onChange={(e) => setWithPassword(e.target.checked)} />
          Include the password (anyone with the file can read it)
        </label>
      </details>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => void download()} disabled={busy !== null}>
          {busy ? 'Preparing…' : 'Download the profile'}
        </button>
      </div>
      <Warnings result={last} />
      {error ? <ErrorNotice error={error} title="The profile could not be made" /> : null}
    </>
  );
}

function AndroidPanel({ api, account }: { api: Transport; account: Account }) {
  const { run, error } = useExport(api, account);
  const [png, setPng] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void run('thunderbird-mobile-qr').then((out) => {
      const file = out?.files.find((f) => f.mediaType === 'image/png');
      if (live && file) setPng(file.content);
    });
    return () => {
      live = false;
    };
    // One code per account; `run` is a fresh function each render.
  }, [account.email]);
  return (
    <div className="qr-panel">
      {png ? <img className="qr" src={`data:image/png;base64,${png}`} alt={`QR code with the settings of ${account.email} (without the password)`} /> : <p className="muted">Making the code…</p>}
      <ol className="install-steps">
        <li>In Thunderbird for Android, open Settings › Import settings.</li>
        <li>Tap Scan QR code.</li>
        <li>Point the phone at this code, then type your password when the app asks.</li>
      </ol>
      {error ? <ErrorNotice error={error} title="The code could not be made" /> : null}
    </div>
  );
}

/** The helpdesk sheet, rendered in the page (no scripts, no styles of its own) and printable. */
function HelpdeskSheet({ html }: { html: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Parsing applies this page's CSP: drop the sheet's own style and script text first so
    // that nothing is even attempted; the DOM pass below is what makes it safe.
    const quiet = html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<meta\b[^>]*>/gi, '')
      .replace(/\s(on[a-z]+|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
    const doc = new DOMParser().parseFromString(quiet, 'text/html');
    doc.querySelectorAll('script, style, link, iframe, object, embed, meta, base, form').forEach((n) => n.remove());
    doc.querySelectorAll('*').forEach((n) => {
      for (const a of [...n.attributes]) if (a.name.startsWith('on') || a.name === 'style' || (a.name === 'href' && !a.value.startsWith('https:'))) n.removeAttribute(a.name);
    });
    doc.querySelectorAll('h1').forEach((h) => {
      const h3 = doc.createElement('h3');
      h3.append(...h.childNodes);
      h.replaceWith(h3);
    });
    doc.querySelectorAll('h2').forEach((h) => {
      const h4 = doc.createElement('h4');
      h4.append(...h.childNodes);
      h.replaceWith(h4);
    });
    el.replaceChildren(...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
  }, [html]);
  return <div ref={ref} className="sheet print-area" />;
}

function OtherPanel({ api, account }: { api: Transport; account: Account }) {
  const { run, error, busy } = useExport(api, account);
  const [sheet, setSheet] = useState<string | null>(null);
  const [last, setLast] = useState<ExportResult | null>(null);
  const downloadAll = async (format: ExportFormat): Promise<void> => {
    const out = await run(format);
    setLast(out);
    if (!out) return;
    if (format === 'publish-kit') downloadZip(`mail-setup-${account.email.split('@')[1] ?? 'domain'}.zip`, out.files);
    else if (format === 'thunderbird-prefs') downloadZip(`thunderbird-${account.email.replace(/[^A-Za-z0-9.@-]/g, '_')}.zip`, out.files);
    else out.files.forEach(downloadFile);
  };
  return (
    <>
      <h4>For the person at the computer</h4>
      <div className="button-row">
        <button
          type="button"
          onClick={() =>
            void run('helpdesk-sheet', { client: 'other' }).then((out) => {
              const file = out?.files.find((f) => f.mediaType.startsWith('text/html'));
              if (file) setSheet(file.content);
            })
          }
        >
          Show the settings sheet
        </button>
        {sheet ? (
          <button type="button" onClick={() => window.print()}>
            Print the sheet
          </button>
        ) : null}
      </div>
      {sheet ? <HelpdeskSheet html={sheet} /> : null}
      <h4>For the domain’s administrator</h4>
      <div className="button-row">
        <button type="button" onClick={() => void downloadAll('publish-kit')} disabled={busy !== null}>
          Download the publish kit (.zip)
        </button>
      </div>
      <p className="muted">Every file your domain’s web server and DNS need so that mail programs configure themselves, with a guide saying where each goes.</p>
      <h4>Single files</h4>
      <ul className="format-list">
        {OTHER_FORMATS.map((f) => (
          <li key={f.format}>
            <button type="button" onClick={() => void downloadAll(f.format)} disabled={busy !== null}>
              Download: {f.label}
            </button>{' '}
            <span className="muted">{f.hint}</span>
          </li>
        ))}
      </ul>
      <Warnings result={last} />
      {error ? <ErrorNotice error={error} title="The file could not be made" /> : null}
    </>
  );
}

export function DevicesStep({ api, account, untested, unsaved, onDone }: { api: Transport; account: Account; untested: boolean; unsaved: boolean; onDone: () => void }) {
  const id = useId();
  const announce = useAnnounce();
  const heading = useFocusOnChange<HTMLHeadingElement>(account.email);
  const [device, setDevice] = useState<Device | null>(null);
  const facts = useHostFacts(api, [domainOf(account.email)], '');
  const panel = useFocusOnChange<HTMLHeadingElement>(device, device !== null);
  return (
    <section className="card step" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {unsaved ? `${shownEmail(account.email, facts)} works` : `${shownEmail(account.email, facts)} is ready`}
      </h2>
      <p>
        {unsaved
          ? 'Receiving and sending work, but the account is not saved on this computer. Your devices will ask for the password.'
          : untested
          ? 'Saved without a test. The password is in this computer’s keychain.'
          : account.lastTest?.ok
            ? 'Receiving and sending work. The password is in this computer’s keychain.'
            : 'The password is in this computer’s keychain.'}{' '}
        <LastTestLine account={account} />
      </p>
      <h3>Set up on…</h3>
      <div className="devices" role="group" aria-label="Devices">
        {DEVICES.map((d) => (
          <button
            key={d.id}
            type="button"
            aria-pressed={device === d.id}
            className={device === d.id ? 'device selected' : 'device'}
            onClick={() => {
              setDevice(d.id);
              announce(`${d.label}: steps below.`);
            }}
          >
            {d.label}
          </button>
        ))}
      </div>
      {device ? (
        <div className="device-panel">
          <h4 ref={panel} tabIndex={-1}>
            {DEVICES.find((d) => d.id === device)?.label}
          </h4>
          {device === 'thunderbird' ? (
            <>
              <ol className="install-steps">
                <li>In Thunderbird, choose New › Existing Email Account.</li>
                <li>Type your name, {account.email} and your password, then choose Continue. Thunderbird finds the same settings.</li>
                <li>If it does not, choose Configure manually and enter the settings below.</li>
              </ol>
              <SettingsTable account={account} />
            </>
          ) : null}
          {device === 'apple' ? <ApplePanel api={api} account={account} /> : null}
          {device === 'outlook' ? (
            <>
              <ol className="install-steps">
                <li>In Outlook, choose File › Add Account and type {account.email}.</li>
                <li>Open Advanced options, choose to set up the account manually, then choose IMAP.</li>
                <li>Enter the settings below and your password.</li>
              </ol>
              <SettingsTable account={account} />
            </>
          ) : null}
          {device === 'android' ? <AndroidPanel api={api} account={account} /> : null}
          {device === 'other' ? <OtherPanel api={api} account={account} /> : null}
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" onClick={onDone}>
          Set up another address
        </button>
      </div>
    </section>
  );
}

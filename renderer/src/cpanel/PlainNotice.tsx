import type { MailSetupError } from '../../../shared/errors.js';
import { plainError } from './plain-words.js';

/** A failure in plain words, with cPanel's own words when it gave some. */
export function PlainNotice({ error, lead }: { error: MailSetupError; lead?: string }) {
  const p = plainError(error);
  return (
    <div className="notice notice-error" role="alert">
      {lead ? <p className="notice-message"><strong>{lead}</strong></p> : null}
      <p className="notice-message">{lead ? p.title : <strong>{p.title}</strong>}</p>
      {p.said ? (
        <p className="notice-detail">
          <span className="muted">cPanel said:</span> {p.said}
        </p>
      ) : null}
      {p.text ? <p className="notice-fix">{p.text}</p> : null}
    </div>
  );
}

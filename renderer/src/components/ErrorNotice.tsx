import type { MailSetupError } from '../../../shared/errors.js';

/** A failed reply, in plain words: what happened, the server's words, what to do. */
export function ErrorNotice({ error, title }: { error: MailSetupError; title?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      <div className="notice-head">
        <strong>{title ?? 'Something went wrong'}</strong>
        <code className="code-chip">{error.code}</code>
      </div>
      <p className="notice-message">{error.message}</p>
      {error.serverSays ? (
        <p className="notice-detail">
          <span className="muted">Server said:</span> <code>{error.serverSays}</code>
        </p>
      ) : null}
      {error.fix ? (
        <p className="notice-fix">
          <span className="muted">What to do:</span> {error.fix}
        </p>
      ) : null}
    </div>
  );
}

import type { MailSetupError } from '../../../shared/errors.js';
import { plainError } from '../lib/words.js';

/** A failed reply, in plain words: what happened, the server's words, what to do. No raw codes. */
export function ErrorNotice({ error, title }: { error: MailSetupError; title?: string }) {
  const words = plainError(error);
  return (
    <div className="notice notice-error">
      <p>
        <strong>{title ?? 'Something went wrong'}.</strong> {words.message}
      </p>
      {words.serverSays ? (
        <p className="notice-detail">
          The server said: <q>{words.serverSays}</q>
        </p>
      ) : null}
      {words.fix ? <p className="notice-fix">{words.fix}</p> : null}
    </div>
  );
}

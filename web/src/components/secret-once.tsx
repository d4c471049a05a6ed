import { CopyButton } from './copy-button';

/** A secret the server shows only this once (a token, an invitation link), with a button to copy it. */
export function SecretOnce({ message, secret, copyLabel }: { message: string; secret: string; copyLabel: string }) {
  return (
    <div className="alert alert--success" role="status">
      <p>{message}</p>
      <div className="secret-once">
        <code>{secret}</code>
        <CopyButton text={secret} label={copyLabel} />
      </div>
    </div>
  );
}

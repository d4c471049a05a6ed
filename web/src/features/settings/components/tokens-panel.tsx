// Personal access tokens: create (the token is shown once), list, revoke; and how a client
// connects with one.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { SelectField, TextField } from '@/components/field';
import { QueryTable } from '@/components/query-table';
import { CopyButton } from '@/components/copy-button';
import { SecretOnce } from '@/components/secret-once';
import { formatDate, formatDateTime } from '@/lib/format';
import { useCreateToken } from '../api/create-token';
import { useTokens } from '../api/list-tokens';
import { useRevokeToken } from '../api/revoke-token';
import type { PersonalAccessToken } from '../api/types';

const EXPIRY_DAYS = [30, 90, 365] as const;

const COLUMNS = ['name', 'prefix', 'createdAt', 'lastUsed', 'expiresAt'] as const;

/**
 * Where OpenAI clients point, and the two variables most of them read (the official SDKs, and
 * tools built on them), with the token just created or a placeholder.
 */
function ConnectClient({ token }: { token: string | undefined }) {
  const { t } = useTranslation('settings');
  const id = useId();
  const baseUrl = `${window.location.origin}/v1`;
  const environment = `export OPENAI_BASE_URL=${baseUrl}\nexport OPENAI_API_KEY=${token ?? '<token>'}`;
  return (
    <div className="card connect-client">
      <h3>{t('tokens.connectTitle')}</h3>
      <p className="text-muted">{t('tokens.connectIntro')}</p>
      <figure aria-labelledby={`${id}-url`}>
        <figcaption id={`${id}-url`}>{t('tokens.baseUrl')}</figcaption>
        <div className="secret-once">
          <code>{baseUrl}</code>
          <CopyButton text={baseUrl} label={t('tokens.copyBaseUrl')} />
        </div>
      </figure>
      <figure aria-labelledby={`${id}-env`}>
        <figcaption id={`${id}-env`}>{t('tokens.environment')}</figcaption>
        <div className="secret-once">
          <pre>
            <code>{environment}</code>
          </pre>
          <CopyButton text={environment} label={t('tokens.copyEnvironment')} />
        </div>
      </figure>
    </div>
  );
}

export function TokensPanel() {
  const { t } = useTranslation('settings');
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const [revoking, setRevoking] = useState<PersonalAccessToken | null>(null);
  const columns = [
    ...COLUMNS.map((column) => t(`tokens.${column}`)),
    <span className="visually-hidden">{t('tokens.revoke')}</span>,
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), ...(expires !== 'never' ? { expiresInDays: Number(expires) } : {}) },
      { onSuccess: () => setName('') },
    );
  };

  return (
    <section className="settings-section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens.title')}</h2>
      <p className="text-muted">{t('tokens.intro')}</p>
      <form className="toolbar card" onSubmit={submit}>
        <TextField
          label={t('tokens.name')}
          placeholder={t('tokens.namePlaceholder')}
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField label={t('tokens.expires')} value={expires} onChange={(event) => setExpires(event.target.value)}>
          {EXPIRY_DAYS.map((days) => (
            <option key={days} value={days}>
              {t('tokens.days', { count: days })}
            </option>
          ))}
          <option value="never">{t('tokens.never')}</option>
        </SelectField>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('tokens.create')}
        </Button>
      </form>
      <ErrorMessage error={create.error} />
      {create.data && (
        <SecretOnce message={t('tokens.created')} secret={create.data.token} copyLabel={t('tokens.copy')} />
      )}
      <ConnectClient token={create.data?.token} />
      <QueryTable query={tokens} label={t('tokens.title')} empty={t('tokens.empty')} columns={columns}>
        {(token) => (
          <tr key={token.id}>
            <th scope="row">{token.name}</th>
            <td>
              <code>{token.prefix}…</code>
            </td>
            <td>{formatDate(token.createdAt)}</td>
            <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.neverUsed')}</td>
            <td>{token.expiresAt ? formatDate(token.expiresAt) : t('tokens.never')}</td>
            <td>
              <Button size="sm" variant="danger" onClick={() => setRevoking(token)}>
                {t('tokens.revoke')}
                <span className="visually-hidden"> {token.name}</span>
              </Button>
            </td>
          </tr>
        )}
      </QueryTable>
      <ErrorMessage error={revoke.error} />
      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.revokeTitle', { name: revoking?.name ?? '' })}
        message={t('tokens.revokeBody')}
        confirmLabel={t('tokens.revoke')}
        danger
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSettled: () => setRevoking(null) })}
      />
    </section>
  );
}

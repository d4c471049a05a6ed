// Personal access tokens: create (the token is shown once), list, revoke.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { CopyButton } from '@/components/copy-button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { SelectField, TextField } from '@/components/field';
import { Spinner } from '@/components/spinner';
import { TableWrap } from '@/components/table-wrap';
import { formatDate, formatDateTime } from '@/lib/format';
import { useCreateToken } from '../api/create-token';
import { useTokens } from '../api/list-tokens';
import { useRevokeToken } from '../api/revoke-token';
import type { PersonalAccessToken } from '../api/types';

const EXPIRY_DAYS = [30, 90, 365] as const;

export function TokensPanel() {
  const { t } = useTranslation('settings');
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('90');
  const [revoking, setRevoking] = useState<PersonalAccessToken | null>(null);

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
        <div className="alert alert--success" role="status">
          <p>{t('tokens.created')}</p>
          <div className="secret-once">
            <code>{create.data.token}</code>
            <CopyButton text={create.data.token} label={t('tokens.copy')} />
          </div>
        </div>
      )}
      {tokens.isPending ? (
        <Spinner />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} />
      ) : tokens.data.items.length === 0 ? (
        <p className="text-muted">{t('tokens.empty')}</p>
      ) : (
        <TableWrap label={t('tokens.title')}>
          <table className="table">
            <caption className="visually-hidden">{t('tokens.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tokens.name')}</th>
                <th scope="col">{t('tokens.prefix')}</th>
                <th scope="col">{t('tokens.createdAt')}</th>
                <th scope="col">{t('tokens.lastUsed')}</th>
                <th scope="col">{t('tokens.expiresAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('tokens.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((token) => (
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
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
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

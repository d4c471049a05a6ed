// Invitations: create (the link is shown once), list with their state, revoke.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { ConfirmDialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { SelectField, TextField } from '@/components/field';
import { QueryTable } from '@/components/query-table';
import { SecretOnce } from '@/components/secret-once';
import { formatDateTime } from '@/lib/format';
import { useCreateInvitation } from '../api/create-invitation';
import { useInvitations } from '../api/list-invitations';
import { useRevokeInvitation } from '../api/revoke-invitation';
import type { Invitation, Role } from '../api/types';

const VALIDITY_HOURS = [24, 72, 168, 720] as const;

const COLUMNS = ['email', 'role', 'createdAt', 'expiresAt', 'state'] as const;

export function InvitationsPanel() {
  const { t } = useTranslation('admin');
  const invitations = useInvitations();
  const create = useCreateInvitation();
  const revoke = useRevokeInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [hours, setHours] = useState('72');
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [now] = useState(() => Date.now());
  const columns = [
    ...COLUMNS.map((column) => t(`invitations.${column}`)),
    <span className="visually-hidden">{t('invitations.revoke')}</span>,
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { role, expiresInHours: Number(hours), ...(email.trim() ? { email: email.trim() } : {}) },
      { onSuccess: () => setEmail('') },
    );
  };

  const validity = (value: number) =>
    value < 48 ? t('invitations.hours', { count: value }) : t('invitations.days', { count: value / 24 });
  const stateOf = (invitation: Invitation) =>
    invitation.usedAt
      ? t('invitations.used')
      : Date.parse(invitation.expiresAt) < now
        ? t('invitations.expired')
        : t('invitations.pending');

  return (
    <section className="settings-section" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t('invitations.title')}</h2>
      <p className="text-muted">{t('invitations.intro')}</p>
      <form className="toolbar card" onSubmit={submit}>
        <TextField
          label={t('invitations.email')}
          hint={t('invitations.emailHint')}
          type="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <SelectField
          label={t('invitations.role')}
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          <option value="user">{t('users.roles.user')}</option>
          <option value="admin">{t('users.roles.admin')}</option>
        </SelectField>
        <SelectField label={t('invitations.expires')} value={hours} onChange={(event) => setHours(event.target.value)}>
          {VALIDITY_HOURS.map((value) => (
            <option key={value} value={value}>
              {validity(value)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('invitations.create')}
        </Button>
      </form>
      <ErrorMessage error={create.error} />
      {create.data && (
        <SecretOnce message={t('invitations.created')} secret={create.data.url} copyLabel={t('invitations.copy')} />
      )}
      <QueryTable query={invitations} label={t('invitations.title')} empty={t('invitations.empty')} columns={columns}>
        {(invitation) => (
          <tr key={invitation.id}>
            <th scope="row">{invitation.email ?? <span className="text-muted">{t('invitations.anyone')}</span>}</th>
            <td>{t(`users.roles.${invitation.role}`)}</td>
            <td>{formatDateTime(invitation.createdAt)}</td>
            <td>{formatDateTime(invitation.expiresAt)}</td>
            <td>{stateOf(invitation)}</td>
            <td>
              {!invitation.usedAt && (
                <Button size="sm" variant="danger" onClick={() => setRevoking(invitation)}>
                  {t('invitations.revoke')}
                </Button>
              )}
            </td>
          </tr>
        )}
      </QueryTable>
      <ErrorMessage error={revoke.error} />
      <ConfirmDialog
        open={revoking !== null}
        title={t('invitations.revokeTitle')}
        message={t('invitations.revokeBody')}
        confirmLabel={t('invitations.revoke')}
        danger
        busy={revoke.isPending}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSettled: () => setRevoking(null) })}
      />
    </section>
  );
}

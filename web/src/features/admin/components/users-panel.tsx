// Users: role, disable/enable, monthly budget.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOutletContext } from 'react-router';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ErrorMessage } from '@/components/error-message';
import { TextField } from '@/components/field';
import { QueryTable } from '@/components/query-table';
import type { User } from '@/lib/api-client';
import { formatCost, formatDate } from '@/lib/format';
import { useUsers } from '../api/list-users';
import { useSetUserBudget } from '../api/set-user-budget';
import { useUpdateUser } from '../api/update-user';
import type { Role } from '../api/types';

function BudgetDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const setBudget = useSetUserBudget();
  const [limit, setLimit] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBudget.mutate({ id: user.id, monthlyLimitUsd: limit.trim() === '' ? null : Number(limit) });
  };

  return (
    <Dialog open onClose={onClose} title={t('users.budgetTitle', { email: user.email })}>
      <form className="form" onSubmit={submit}>
        <TextField
          label={t('users.budgetLabel')}
          hint={t('users.budgetHint')}
          type="number"
          min={0}
          step="0.01"
          inputMode="decimal"
          value={limit}
          onChange={(event) => setLimit(event.target.value)}
        />
        <ErrorMessage error={setBudget.error} />
        {setBudget.data && (
          <p role="status" className="text-success">
            {setBudget.data.monthlyLimitUsd === null
              ? t('users.budgetSavedNoLimit', { spent: formatCost(setBudget.data.spentThisMonthUsd) })
              : t('users.budgetSaved', {
                  limit: formatCost(setBudget.data.monthlyLimitUsd),
                  spent: formatCost(setBudget.data.spentThisMonthUsd),
                })}
          </p>
        )}
        <div className="form__actions">
          <Button type="submit" variant="primary" busy={setBudget.isPending}>
            {t('users.setBudget')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const COLUMNS = ['email', 'name', 'role', 'status', 'created', 'budget'] as const;

export function UsersPanel() {
  const { t } = useTranslation('admin');
  const me = useOutletContext<User>();
  const users = useUsers();
  const update = useUpdateUser();
  const [budgetFor, setBudgetFor] = useState<User | null>(null);
  const columns = COLUMNS.map((column) => t(`users.${column}`));

  return (
    <section className="settings-section" aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
      <ErrorMessage error={update.error} />
      <QueryTable query={users} label={t('users.title')} columns={columns}>
        {(user) => (
          <tr key={user.id}>
            <th scope="row">
              {user.email} {user.id === me?.id && <span className="text-muted">{t('users.you')}</span>}
            </th>
            <td>{user.name ?? '–'}</td>
            <td>
              <select
                className="input select input--sm"
                aria-label={t('users.roleFor', { email: user.email })}
                value={user.role}
                disabled={update.isPending}
                onChange={(event) => update.mutate({ id: user.id, role: event.target.value as Role })}
              >
                <option value="user">{t('users.roles.user')}</option>
                <option value="admin">{t('users.roles.admin')}</option>
              </select>
            </td>
            <td>
              <span className={user.disabled ? 'badge badge--warning' : 'badge badge--success'}>
                {user.disabled ? t('users.disabled') : t('users.active')}
              </span>{' '}
              <Button
                size="sm"
                variant={user.disabled ? 'secondary' : 'danger'}
                disabled={update.isPending}
                onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
              >
                {user.disabled ? t('users.enable') : t('users.disable')}
                <span className="visually-hidden"> {user.email}</span>
              </Button>
            </td>
            <td>{formatDate(user.createdAt)}</td>
            <td>
              <Button size="sm" onClick={() => setBudgetFor(user)}>
                {t('users.setBudget')}
                <span className="visually-hidden"> {user.email}</span>
              </Button>
            </td>
          </tr>
        )}
      </QueryTable>
      {users.hasNextPage && (
        <Button size="sm" busy={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
          {t('actions.loadMore', { ns: 'common' })}
        </Button>
      )}
      {budgetFor && <BudgetDialog user={budgetFor} onClose={() => setBudgetFor(null)} />}
    </section>
  );
}

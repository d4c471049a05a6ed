// The audit log of security events, filtered by event and outcome, newest first.
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/button';
import { SelectField, TextField } from '@/components/field';
import { QueryTable } from '@/components/query-table';
import { formatDateTime } from '@/lib/format';
import { useAudit } from '../api/list-audit';
import { useUsers } from '../api/list-users';
import type { AuditFilter } from '../api/types';

/** "provider: openai · baseUrl: http://…", each value cut to a readable length. */
const summarise = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([key, value]) => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}: ${text.length > 48 ? `${text.slice(0, 47)}…` : text}`;
    })
    .join(' · ');

const COLUMNS = ['time', 'event', 'outcome', 'actor', 'target', 'ip', 'details'] as const;

export function AuditPanel() {
  const { t } = useTranslation('admin');
  const [event, setEvent] = useState('');
  const [outcome, setOutcome] = useState<AuditFilter['outcome'] | ''>('');
  const filter = { event: useDeferredValue(event), ...(outcome ? { outcome } : {}) };
  const audit = useAudit(filter);
  const users = useUsers();
  const emails = new Map(users.data?.pages.flatMap((page) => page.items).map((user) => [user.id, user.email]));
  const who = (id: string | null) => (id ? (emails.get(id) ?? id.slice(0, 8)) : '–');
  const columns = COLUMNS.map((column) => t(`audit.${column}`));

  return (
    <section className="settings-section" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('audit.title')}</h2>
      <div className="toolbar">
        <TextField
          label={t('audit.event')}
          placeholder={t('audit.eventPlaceholder')}
          type="search"
          value={event}
          onChange={(change) => setEvent(change.target.value)}
        />
        <SelectField
          label={t('audit.outcome')}
          value={outcome}
          onChange={(change) => setOutcome(change.target.value as AuditFilter['outcome'] | '')}
        >
          <option value="">{t('audit.any')}</option>
          <option value="success">{t('audit.success')}</option>
          <option value="failure">{t('audit.failure')}</option>
        </SelectField>
      </div>
      <QueryTable query={audit} label={t('audit.title')} empty={t('audit.empty')} columns={columns}>
        {(entry) => (
          <tr key={entry.id}>
            <td>{formatDateTime(entry.createdAt)}</td>
            <th scope="row">
              <code>{entry.event}</code>
            </th>
            <td>
              <span className={entry.outcome === 'success' ? 'badge badge--success' : 'badge badge--warning'}>
                {entry.outcome === 'success' ? t('audit.success') : t('audit.failure')}
              </span>
            </td>
            <td>{who(entry.actorId)}</td>
            <td>{who(entry.targetId)}</td>
            <td>{entry.ip ?? '–'}</td>
            <td>
              {entry.details && (
                <span className="audit-details" title={JSON.stringify(entry.details, null, 2)}>
                  {summarise(entry.details)}
                </span>
              )}
            </td>
          </tr>
        )}
      </QueryTable>
      {audit.hasNextPage && (
        <Button size="sm" busy={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
          {t('actions.loadMore', { ns: 'common' })}
        </Button>
      )}
    </section>
  );
}

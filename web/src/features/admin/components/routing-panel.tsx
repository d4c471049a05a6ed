import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '@/components/error-message';
import { Spinner } from '@/components/spinner';
import { TableWrap } from '@/components/table-wrap';
import { useRouting } from '../api/get-routing';

export function RoutingPanel() {
  const { t } = useTranslation('admin');
  const routing = useRouting();
  return (
    <section className="settings-section" aria-labelledby="routing-title">
      <h2 id="routing-title">{t('routing.title')}</h2>
      <p className="text-muted">{t('routing.intro')}</p>
      {routing.isPending ? (
        <Spinner />
      ) : routing.isError ? (
        <ErrorMessage error={routing.error} />
      ) : (
        <>
          <p>
            <span className="badge">{routing.data.overridden ? t('routing.overridden') : t('routing.builtIn')}</span>
          </p>
          <TableWrap label={t('routing.title')}>
            <table className="table">
              <caption className="visually-hidden">{t('routing.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('routing.taskKind')}</th>
                  <th scope="col">{t('routing.agent')}</th>
                  <th scope="col">{t('routing.junior')}</th>
                  <th scope="col">{t('routing.senior')}</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(routing.data.table).map(([kind, entry]) => (
                  <tr key={kind}>
                    <th scope="row">{kind}</th>
                    <td>{entry.agent}</td>
                    <td>
                      <ol className="model-order">
                        {entry.models.junior.map((model) => (
                          <li key={model}>
                            <code>{model}</code>
                          </li>
                        ))}
                      </ol>
                    </td>
                    <td>
                      <ol className="model-order">
                        {entry.models.senior.map((model) => (
                          <li key={model}>
                            <code>{model}</code>
                          </li>
                        ))}
                      </ol>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </section>
  );
}

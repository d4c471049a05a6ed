import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '@/lib/i18n';
import { setTheme, THEMES, useTheme } from '@/lib/theme';

export function AppearancePanel() {
  const { t, i18n } = useTranslation('settings');
  const { t: tc } = useTranslation();
  const theme = useTheme();
  const language = (LANGUAGES.includes(i18n.language as Language) ? i18n.language : 'en') as Language;

  return (
    <section className="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title">{t('appearance.title')}</h2>
      <fieldset className="card">
        <legend>{t('appearance.theme')}</legend>
        <div className="radio-row">
          {THEMES.map((option) => (
            <label key={option}>
              <input type="radio" name="theme" checked={theme === option} onChange={() => setTheme(option)} />
              {tc(`theme.${option}`)}
            </label>
          ))}
        </div>
        <p className="field__hint">{t('appearance.themeHint')}</p>
      </fieldset>
      <fieldset className="card">
        <legend>{t('appearance.language')}</legend>
        <div className="radio-row">
          {LANGUAGES.map((option) => (
            <label key={option} lang={option}>
              <input
                type="radio"
                name="language"
                checked={language === option}
                onChange={() => void setLanguage(option)}
              />
              {tc(`language.${option}`)}
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}

import type { ReactElement } from 'react';
import { Navigate, NavLink, Route, Routes } from 'react-router';

export interface Section {
  path: string;
  label: string;
  element: ReactElement;
}

/**
 * A page of sections with a side navigation, one route per section (settings, admin). The start
 * section (else the first) is shown for the page's own URL and for any unknown section.
 */
export function SectionedPage({
  title,
  navLabel,
  base,
  sections,
  start = sections[0].path,
}: {
  title: string;
  navLabel: string;
  /** The page's path, such as `/settings`. */
  base: string;
  sections: readonly [Section, ...Section[]];
  start?: string;
}) {
  // Absolute: relative to the catch-all route, `start` would name a section below the unknown one.
  const fallback = <Navigate to={`${base}/${start}`} replace />;
  return (
    <main id="main" className="page">
      <h1>{title}</h1>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label={navLabel}>
          <ul>
            {sections.map((section) => (
              <li key={section.path}>
                <NavLink to={`${base}/${section.path}`}>{section.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div>
          <Routes>
            <Route index element={fallback} />
            {sections.map((section) => (
              <Route key={section.path} path={section.path} element={section.element} />
            ))}
            <Route path="*" element={fallback} />
          </Routes>
        </div>
      </div>
    </main>
  );
}

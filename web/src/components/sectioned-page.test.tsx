import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SectionedPage } from './sectioned-page';

const page = (route: string) =>
  render(
    <MemoryRouter initialEntries={[route]}>
      <Routes>
        <Route
          path="/settings/*"
          element={
            <SectionedPage
              title="Settings"
              navLabel="Sections"
              base="/settings"
              start="keys"
              sections={[
                { path: 'account', label: 'Account', element: <p>account panel</p> },
                { path: 'keys', label: 'API keys', element: <p>keys panel</p> },
              ]}
            />
          }
        />
      </Routes>
    </MemoryRouter>,
  );

describe('SectionedPage', () => {
  it('links every section and shows the one its URL names', async () => {
    page('/settings/account');
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    expect(nav.querySelectorAll('a')).toHaveLength(2);
    expect(screen.getByText('account panel')).toBeTruthy();

    await userEvent.click(screen.getByRole('link', { name: 'API keys' }));
    expect(screen.getByText('keys panel')).toBeTruthy();
    expect(screen.queryByText('account panel')).toBeNull();
  });

  it('shows the start section for the page itself and for an unknown section', () => {
    page('/settings');
    expect(screen.getByText('keys panel')).toBeTruthy();
    page('/settings/nothing-here');
    expect(screen.getAllByText('keys panel')).toHaveLength(2);
  });
});

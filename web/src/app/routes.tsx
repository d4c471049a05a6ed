import { Suspense } from 'react';
import { Outlet, Route, Routes } from 'react-router';
import { PageLoading } from '@/components/spinner';
import { AdminPage } from '@/features/admin';
import { LoginPage, RedirectIfSignedIn, RegisterPage, RequireAuth } from '@/features/auth';
import { ChatPage } from '@/features/chat';
import { ClipboardPage } from '@/features/clipboard';
import { CodePage } from '@/features/code';
import { RequireProvider, SetupPage } from '@/features/providers';
import { SettingsPage } from '@/features/settings';
import { NotFound } from './not-found';
import { Shell } from './shell';

function SignedIn() {
  return (
    <RequireAuth>
      {(user) => (
        <Shell user={user}>
          <Suspense fallback={<PageLoading />}>
            <Outlet context={user} />
          </Suspense>
        </Shell>
      )}
    </RequireAuth>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <RedirectIfSignedIn>
            <LoginPage />
          </RedirectIfSignedIn>
        }
      />
      <Route
        path="/register"
        element={
          <RedirectIfSignedIn>
            <RegisterPage />
          </RedirectIfSignedIn>
        }
      />
      <Route element={<SignedIn />}>
        <Route path="/setup" element={<SetupPage />} />
        <Route
          path="/"
          element={
            <RequireProvider>
              <ChatPage />
            </RequireProvider>
          }
        />
        <Route
          path="/chat/:sessionId"
          element={
            <RequireProvider>
              <ChatPage />
            </RequireProvider>
          }
        />
        <Route path="/code/*" element={<CodePage />} />
        <Route path="/clipboard" element={<ClipboardPage />} />
        <Route path="/settings/*" element={<SettingsPage />} />
        <Route path="/admin/*" element={<AdminPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

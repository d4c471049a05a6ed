export const authEn = {
  login: {
    title: 'Sign in',
    subtitle: 'Welcome back to Xionimus.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    noAccount: 'No account yet?',
    register: 'Create one',
  },
  register: {
    title: 'Create your account',
    subtitle: 'The first account on a new server becomes its admin.',
    name: 'Name (optional)',
    email: 'Email',
    password: 'Password',
    passwordHint: 'At least 10 characters.',
    setupToken: 'Setup token',
    setupTokenHint:
      'On a server bound to a public address, the log prints a one-time setup token until an admin exists.',
    haveSetupToken: 'I have a setup token',
    setupTokenNeeded: 'This server needs a setup token (from its log) or an invitation to sign up.',
    invited: 'You are signing up with an invitation.',
    submit: 'Create account',
    haveAccount: 'Already have an account?',
    signIn: 'Sign in',
  },
  logout: { done: 'You are signed out.' },
};

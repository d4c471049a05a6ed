// Strings of the jobs panel: what runs on the server for this user.
export const jobsEn = {
  button: 'Running',
  title: 'Running jobs',
  empty: 'Nothing is running right now.',
  open: 'Open',
  stop: 'Stop',
  started: 'started {{time}}',
  answers: {
    title: 'Answers',
    untitled: 'Chat',
  },
  reviews: {
    title: 'Reviews',
    queued: 'waiting for a reviewer',
    progress: '{{done}} of {{total}} files',
  },
  sandbox: {
    title: 'Code runs',
    queued: 'waiting to run',
    running: 'running',
  },
};

// The jobs feature: the header button and panel listing what runs on the server for this user.
// The app shell owns its open state, so the command palette can open it too.
export { JobsButton } from './components/jobs-panel';
export { jobsEn } from './locales/en';
export { jobsDe } from './locales/de';

// eslint-plugin-security ships no types; it is an ordinary ESLint plugin.
declare module 'eslint-plugin-security' {
  const plugin: import('eslint').ESLint.Plugin;
  export default plugin;
}

// `prepare` (run by npm ci / npm install): builds web/dist through scripts/build-web.ts. Plain JavaScript so it
// also runs where dependencies are not installed (npm install --package-lock-only, --omit=dev): then it only says
// why the web build was skipped.
let register;
try {
  ({ register } = await import('tsx/esm/api'));
} catch {
  console.warn('web: tsx is not installed; skipping the web build (run npm run build:web after installing)');
  process.exit(0);
}
register();
process.argv.push('--if-possible');
await import('./build-web.ts');

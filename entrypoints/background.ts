import { startBackground } from '../lib/background/main.ts';

// Every listener is registered synchronously inside startBackground, so a worker woken by an event
// (message, alarm) handles it.
export default defineBackground(() => {
  startBackground();
});

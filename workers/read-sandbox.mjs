// Entry of the read stage's worker threads: BullMQ loads this file in a fresh thread, where the
// TypeScript loader must be registered before the processor (read-sandbox.ts) can be imported.
import { register } from 'tsx/esm/api';

register();
const { default: readSandbox } = await import('./read-sandbox.ts');
export default readSandbox;

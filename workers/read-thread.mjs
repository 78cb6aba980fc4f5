// Entry of a read thread: the TypeScript loader must be registered in each new thread before
// read-thread.ts can be imported.
import { register } from 'tsx/esm/api';

register();
await import('./read-thread.ts');

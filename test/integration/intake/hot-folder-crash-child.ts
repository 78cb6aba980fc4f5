// Started by hot-folder.test.ts (not a test itself): a watcher on the folder in argv[2] that dies
// with SIGKILL right after intake has stored and queued the first file, before the file is moved.
// It prints the intake id first, so the test can check that a new watcher gets the same id back.
import { parseConfig } from '../../../src/config/config.js';
import { createHotFolder } from '../../../src/intake/watch-usecase.js';
import { createTriageClient } from '../../../src/queue/client.js';
import { createLogger } from '../../../src/shared/logger.js';

const dir = process.argv[2]!;
const config = parseConfig(process.env);
const client = await createTriageClient({ config, actor: 'hot-folder' });
const folder = createHotFolder({
  dir,
  intervalMs: 50,
  settleMs: 50,
  limits: config.limits,
  log: createLogger('warn'),
  fsWatch: false,
  client: {
    async enqueueBytes(bytes, channel, options) {
      const receipt = await client.enqueueBytes(bytes, channel, options);
      process.stdout.write(`${receipt.intakeId}\n`, () => process.kill(process.pid, 'SIGKILL'));
      return new Promise(() => {}); // never returns: the process dies before the move
    },
  },
});
await folder.run(new Promise(() => {}));

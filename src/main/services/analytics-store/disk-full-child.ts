/**
 * The full-disk scenario in a process of its own, for machines where the test cannot mount a tiny
 * filesystem (not root): the parent lowers this process's RLIMIT_FSIZE to 0 with `prlimit --pid`
 * (every write that grows a file then fails with EFBIG, as on a full disk) and raises it again.
 * Protocol on stdio, one line each: we print `FILL <pid>` / `FREE <pid>` and wait for `OK`;
 * at the end we print `RESULT <json>`. Tests only.
 */
import { createInterface } from 'node:readline';
import { runDiskFullScenario } from './disk-full-scenario';

const dir = process.argv[2];
if (!dir) throw new Error('usage: disk-full-child <dir>');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const ask = async (what: string) => {
  process.stdout.write(`${what} ${process.pid}\n`);
  const answer = await lines.next();
  if (answer.done || answer.value.trim() !== 'OK') throw new Error(`parent did not confirm ${what}: ${String(answer.value)}`);
};
const result = await runDiskFullScenario({ dir, fill: () => ask('FILL'), free: () => ask('FREE') });
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
process.exit(0);

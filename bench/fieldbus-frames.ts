/**
 * Which frame layout amortises the transport best: the station's CPU per telemetry record over
 * CURVE PUB/SUB (publisher in a child process) for one record per message `[topic, body]`,
 * multipart `[topic, header, body1 … bodyN]`, and one newline-delimited body `[topic, header, body1\n…\nbodyN]`.
 * Receive and split only (no validation): the part of the station's cost that the layout decides.
 *
 *   node_modules/.bin/tsx bench/fieldbus-frames.ts [--count N] [--batch N]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { curveKeyPair, Publisher, Subscriber } from 'zeromq';

const { values } = parseArgs({ options: { count: { type: 'string', default: '200000' }, batch: { type: 'string', default: '100' } } });
const N = Number(values.count);
const B = Number(values.batch);
const record = (i: number) => `{"v":1,"src":"int-${String(i % 13).padStart(2, '0')}","boot":"bench","seq":${i},"ts":${Date.now()},"type":"signal.state","data":{"mode":"fixed","planId":"P1","planIds":["P1","P2","P3"],"plan":{"id":"P1","name":"Giờ cao điểm / peak","offsetS":0,"phases":[{"name":"Lê Duẩn","greenS":55,"yellowS":3,"allRedS":2,"minGreenS":15,"maxGreenS":90},{"name":"Hàm Nghi","greenS":30,"yellowS":3,"allRedS":2,"minGreenS":10,"maxGreenS":60}]},"cycleS":95,"phaseIndex":0,"interval":"green","remainingS":12.3,"cycleSecond":40.1,"heldPhase":null,"skipPhases":[],"manualUntil":null,"revertTo":null}}`;

if (process.env.FRAMES_CHILD) {
  const [pk, sk] = process.env.FRAMES_CHILD.split(' ');
  const pub = new Publisher({ curveServer: true, curvePublicKey: pk!, curveSecretKey: sk!, sendHighWaterMark: 2_000_000, linger: 0 });
  await pub.bind('tcp://127.0.0.1:*');
  process.stdout.write(`${pub.lastEndpoint}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const [layout] = line.split(' ');
    if (layout === 'exit') break;
    for (let i = 0; i < N; ) {
      if (layout === 'single') await pub.send(['signal.int-01', record(i++)]);
      else {
        const bodies: string[] = [];
        for (let k = 0; k < B && i < N; k++) bodies.push(record(i++));
        const header = `{"v":2,"type":"batch","n":${bodies.length}}`;
        await pub.send(layout === 'multipart' ? ['batch', header, ...bodies] : ['batch', header, bodies.join('\n')]);
      }
    }
    process.stdout.write('sent\n');
  }
  pub.close();
  process.exit(0);
}

const server = curveKeyPair();
const client = curveKeyPair();
const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--count', String(N), '--batch', String(B)], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: { ...process.env, FRAMES_CHILD: `${server.publicKey} ${server.secretKey}` },
});
const lines = createInterface({ input: child.stdout! });
const waiters: ((l: string) => void)[] = [];
lines.on('line', (l) => waiters.shift()?.(l));
const next = () => new Promise<string>((r) => waiters.push(r));
const endpoint = await next();
const sub = new Subscriber({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey, receiveHighWaterMark: 2_000_000 });
sub.connect(endpoint);
sub.subscribe('');
await new Promise((r) => setTimeout(r, 500));
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
let records = 0;
let done = null as (() => void) | null;
const NL = 10;
const loop = (async () => {
  for await (const frames of sub) {
    if (frames.length === 2) records++;
    else if (frames.length > 3) records += frames.length - 2;
    else {
      const body = frames[2]!;
      let n = 1;
      for (let p = body.indexOf(NL); p >= 0; p = body.indexOf(NL, p + 1)) n++;
      // Touch each record's bytes as the receiver will (one slice per record).
      for (let s = 0, k = 0; k < n; k++) {
        const e = body.indexOf(NL, s);
        body.subarray(s, e < 0 ? body.length : e);
        s = e + 1;
      }
      records += n;
    }
    if (records >= N) done?.();
  }
})();
console.log(`\nFrame layouts over CURVE PUB/SUB, ${N} signal states of ~${record(1).length} bytes, batches of ${B}; station CPU per record (receive + split only)`);
for (const layout of ['single', 'multipart', 'ndjson', 'single', 'multipart', 'ndjson']) {
  records = 0;
  const finished = new Promise<void>((r) => (done = r));
  const l0 = load();
  const u0 = process.cpuUsage();
  const t0 = performance.now();
  const sent = next();
  child.stdin!.write(`${layout}\n`);
  await Promise.race([finished, new Promise((r) => setTimeout(r, 20_000))]);
  const s = (performance.now() - t0) / 1000;
  const u = process.cpuUsage(u0);
  await sent;
  console.log(`  ${layout.padEnd(10)} ${Math.round(records / s).toString().padStart(8)} records/s  ${((u.user + u.system) / records).toFixed(2).padStart(6)} CPU µs/record  (${records} received; load ${l0} → ${load()})`);
}
child.stdin!.write('exit\n');
sub.close();
await loop.catch(() => {});
process.exit(0);

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCertificate, readTrustedKeys, writePublicCertificate, type KeyPair } from './curve-keys';
import type { SimulatorLaunch } from './simulator-supervisor';

/**
 * Everything the demo city needs to run its field simulator beside the console: CURVE
 * certificates for both ends (made once, kept in the data folder), each trusting the other's
 * public key, and the command line that starts the simulator.
 *
 *   <data>/fieldbus/station.key[_secret]           the station's own certificate
 *   <data>/fieldbus/trusted/*.key                   gateways the station talks to
 *   <data>/fieldbus/demo-simulator/gateway.key[_secret]
 *   <data>/fieldbus/demo-simulator/trusted/*.key    stations the simulator admits
 */
export interface DemoField {
  stationKeys: KeyPair;
  trustedGateways: Set<string>;
  launch: SimulatorLaunch;
}

export function prepareDemoField(options: { dataDir: string; resourcesDir: string; cityDir: string; seed?: number }): DemoField {
  const base = join(options.dataDir, 'fieldbus');
  const stationKeys = ensureCertificate(base, 'station');
  const simDir = join(base, 'demo-simulator');
  const simKeys = ensureCertificate(simDir, 'gateway');
  writePublicCertificate(join(base, 'trusted', 'demo-simulator.key'), { publicKey: simKeys.publicKey, name: 'demo-simulator' });
  writePublicCertificate(join(simDir, 'trusted', 'station.key'), { publicKey: stationKeys.publicKey, name: 'station' });
  const entry = locateSimulatorEntry(options.resourcesDir);
  return {
    stationKeys,
    trustedGateways: readTrustedKeys(join(base, 'trusted')),
    launch: {
      command: process.execPath,
      args: [
        ...entry,
        '--assets',
        join(options.cityDir, 'assets.json'),
        '--scenarios',
        join(options.cityDir, 'scenarios'),
        '--key',
        join(simDir, 'gateway.key_secret'),
        '--trust',
        join(simDir, 'trusted'),
        '--seed',
        String(options.seed ?? 1),
        '--parent-pid',
        String(process.pid),
      ],
      // Under Electron process.execPath is the Electron binary; this makes it behave as Node.
      env: { ELECTRON_RUN_AS_NODE: '1' },
    },
  };
}

/**
 * The simulator's entry: the bundled `field-simulator.js` beside the main bundle when the build
 * has one, otherwise the TypeScript source run through tsx (a development checkout).
 */
export function locateSimulatorEntry(resourcesDir: string): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  // The bundler may place this code in out/main/chunks/, one folder below the entries.
  const bundled = [join(here, 'field-simulator.js'), join(here, '..', 'field-simulator.js')].find((p) => existsSync(p)) ?? join(here, 'field-simulator.js');
  if (existsSync(bundled)) return [bundled];
  const root = dirname(resourcesDir);
  const source = join(root, 'src', 'simulators', 'field', 'main.ts');
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  if (existsSync(source) && existsSync(tsx)) return ['--import', pathToFileURL(tsx).href, source];
  throw new Error(`field simulator not found: neither ${bundled} nor ${source} (with tsx) exists`);
}

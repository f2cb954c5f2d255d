/**
 * Runs inside a network namespace of its own (the multicast test starts it with `unshare --net`):
 * brings up loopback with multicast, answers WS-Discovery on 239.255.255.250:3702 as a camera
 * and an NVR would, keeps a unicast-only device that must not answer a multicast probe, probes
 * by multicast, and prints what was found as one JSON line. Never run on the host's network.
 */
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { WsDiscoveryResponder } from '../../../../simulators/cameras/onvif/ws-discovery-responder';
import { probe, WS_DISCOVERY_PORT } from './ws-discovery';

function device(id: string, name: string, nvr: boolean) {
  return {
    endpoint: `urn:uuid:${id}`,
    xaddr: `http://127.0.0.1:8000/onvif/${id}/device_service`,
    scopes: [`onvif://www.onvif.org/name/${encodeURIComponent(name)}`, nvr ? 'onvif://www.onvif.org/type/Network_Video_Recorder' : 'onvif://www.onvif.org/type/video_encoder'],
    types: 'dn:NetworkVideoTransmitter',
  };
}

async function main(): Promise<void> {
  // A fresh namespace has nothing configured (its loopback is still down): anything else is a
  // real network, where this must not add routes or send multicast.
  if (!process.env.IOC_NETNS_CHILD || Object.keys(networkInterfaces()).length > 0) throw new Error('refusing to run outside a fresh network namespace');
  for (const args of [['link', 'set', 'lo', 'up'], ['link', 'set', 'lo', 'multicast', 'on'], ['route', 'add', '224.0.0.0/4', 'dev', 'lo']]) execFileSync('ip', args);
  const group = new WsDiscoveryResponder({ address: '0.0.0.0', port: WS_DISCOVERY_PORT, multicast: true, devices: () => [device('cam-mc', 'Camera Lê Lợi', false), device('nvr-mc', 'NVR Phường 5', true)] });
  const unicastOnly = new WsDiscoveryResponder({ address: '127.0.0.1', port: 0, devices: () => [device('cam-uc', 'Camera chỉ unicast', false)] });
  await group.start();
  const { port: unicastPort } = await unicastOnly.start();
  try {
    const multicast = await probe({ targets: [], multicast: true, timeoutMs: 600 });
    const unicast = await probe({ targets: ['127.0.0.1'], port: unicastPort, timeoutMs: 300 });
    console.log(JSON.stringify({ multicast, unicast, groupProbes: group.probes, unicastOnlyProbes: unicastOnly.probes }));
  } finally {
    group.dispose();
    unicastOnly.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});

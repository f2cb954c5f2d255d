import { describe, expect, it } from 'vitest';
import { createConsoleLogger } from '../services/log/logger';
import { MAIN_STATION_KEY } from '../services/displays/window-keys';
import { WallFollowsStation } from './wall-follows-station';

function makePairing(live = new Set<string>()) {
  const pairs: [string, string][] = [];
  const pairing = new WallFollowsStation((follower, leader) => {
    if (!live.has(follower) || !live.has(leader)) throw new Error('unknown session');
    pairs.push([follower, leader]);
  }, createConsoleLogger('test', () => undefined));
  return { pairing, pairs, live };
}

const station = { key: MAIN_STATION_KEY, role: 'station' as const };
const wall = { key: 'wall', role: 'wall' as const };

describe('WallFollowsStation', () => {
  it('pairs a wall opened before the station once the station opens, and one opened after at once', () => {
    const { pairing, pairs } = makePairing(new Set(['w1', 's1', 'w2']));
    pairing.windowOpened(wall, 'w1');
    expect(pairs).toEqual([]);
    pairing.windowOpened(station, 's1');
    pairing.windowOpened(wall, 'w2');
    expect(pairs).toEqual([['w1', 's1'], ['w2', 's1']]);
  });

  it('moves the walls to a station window that replaces the first, and forgets walls that closed', () => {
    const { pairing, pairs, live } = makePairing(new Set(['s1', 'w1', 'w2']));
    pairing.windowOpened(station, 's1');
    pairing.windowOpened(wall, 'w1');
    pairing.windowOpened(wall, 'w2');
    live.delete('w1');
    live.delete('s1');
    live.add('s2');
    pairing.windowOpened(station, 's2');
    expect(pairs.slice(2)).toEqual([['w2', 's2']]);
    live.add('s3');
    pairing.windowOpened(station, 's3');
    expect(pairs.slice(3)).toEqual([['w2', 's3']]);
  });

  it('leaves other station windows alone', () => {
    const { pairing, pairs } = makePairing(new Set(['s1', 's2', 'w1']));
    pairing.windowOpened(station, 's1');
    pairing.windowOpened({ key: 'station:2', role: 'station' }, 's2');
    pairing.windowOpened(wall, 'w1');
    expect(pairs).toEqual([['w1', 's1']]);
  });
});

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlateReadResult } from '../../../../shared/domain/plates';
import { ensurePlateClip } from '../../../../simulators/plates/plate-clip';
import { renderPlateScene } from '../../../../simulators/plates/render-plate';
import { makeTempDir } from '../../store/test-support';
import { BestPlateReads } from './best-read';
import { runPlatesCli } from './cli-plates';
import { decodeImage, encodeCropJpeg } from './decode-image';

const tmp = makeTempDir('ioc-plates-cli-');
afterAll(() => tmp.cleanup());

const read = (text: string, confidence: number, valid = true): PlateReadResult => ({ text, raw: text, confidence, valid, layout: 'one-row', box: { x: 0, y: 0, w: 1, h: 1 } });

describe('BestPlateReads', () => {
  it('keeps the valid, most confident read per track and hands it over once', () => {
    const best = new BestPlateReads<string>();
    best.offer('t1', read('51F-123.4', 0.99, false), 'a', 0);
    best.offer('t1', read('51F-123.45', 0.7), 'b', 100);
    best.offer('t1', read('51F-128.45', 0.6), 'c', 200);
    best.offer('t2', read('30A-999.99', 0.9), 'd', 200);
    expect(best.take('t1')).toMatchObject({ read: { text: '51F-123.45' }, extra: 'b' });
    expect(best.take('t1')).toBeNull();
    expect(best.takeStale(1000, 500)).toMatchObject([{ trackId: 't2', read: { text: '30A-999.99' } }]);
    expect(best.size).toBe(0);
  });

  it('stays bounded', () => {
    const best = new BestPlateReads(3);
    for (let i = 0; i < 10; i++) best.offer(`t${i}`, read('51F-123.45', 0.5), null, i);
    expect(best.size).toBe(3);
    expect(best.take('t9')).not.toBeNull();
    expect(best.take('t0')).toBeNull();
  });
});

describe('images and the plates CLI', () => {
  it('encodes a JPEG crop, decodes it and reads its plate', async () => {
    const scene = renderPlateScene({ text: '43A-246.80', layout: 'one-row', seed: 5 });
    const file = join(tmp.dir, 'plate.jpg');
    writeFileSync(file, encodeCropJpeg(scene.image, { x: 0, y: 0, w: scene.image.width, h: scene.image.height }, 0));
    const decoded = await decodeImage(file);
    expect([decoded.width, decoded.height]).toEqual([320, 240]);
    const out = (await runPlatesCli(file)) as { kind: string; plates: Array<{ text: string; valid: boolean; province?: string }>; timings: { readMsP50: number } };
    expect(out.kind).toBe('image');
    expect(out.plates).toMatchObject([{ text: '43A-246.80', valid: true, province: 'Đà Nẵng' }]);
    expect(out.timings.readMsP50).toBeGreaterThan(0);
  }, 30_000);

  it('says clearly when the file is missing, empty or not an image', async () => {
    await expect(runPlatesCli(join(tmp.dir, 'nope.jpg'))).rejects.toThrow(/no such file/);
    writeFileSync(join(tmp.dir, 'empty.jpg'), '');
    await expect(runPlatesCli(join(tmp.dir, 'empty.jpg'))).rejects.toThrow(/empty/);
    writeFileSync(join(tmp.dir, 'junk.png'), 'not a png at all');
    await expect(runPlatesCli(join(tmp.dir, 'junk.png'))).rejects.toThrow(/not a decodable image/);
    writeFileSync(join(tmp.dir, 'junk.mp4'), 'not a video');
    await expect(runPlatesCli(join(tmp.dir, 'junk.mp4'))).rejects.toThrow(/junk\.mp4/);
  }, 30_000);

  it('renders the test clip and reads every vehicle on it', async () => {
    const clip = await ensurePlateClip(join(tmp.dir, 'clip'));
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', clip]).toString().trim();
    expect(probe).toBe('h264,640,360');
    const out = (await runPlatesCli(clip)) as { kind: string; frames: number; plates: Array<{ tSec: number; text: string }> };
    expect(out.kind).toBe('video');
    expect(out.frames).toBe(24);
    expect([...new Set(out.plates.map((p) => p.text))]).toEqual(['51F-888.88', '59-X1 234.56', '30A-123.45', '29-B1 5678']);
    expect(out.plates.filter((p) => p.text === '51F-888.88').every((p) => p.tSec < 3)).toBe(true);
  }, 60_000);
});

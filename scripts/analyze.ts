/**
 * `npm run analyze -- people|vehicles|plates <image-or-video> [--fps 2] [--frames 20] [--tiling] [--min-score 0.35] [--engine auto|paddle|tesseract]`
 * prints what the camera analytics finds in a file, as JSON, so anyone can check results on
 * any picture or clip. Nothing is downloaded: the models ship in node_modules.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { plateEngineChoices, tilingSchema } from '../src/shared/domain/vision';
import { analyseFile } from '../src/main/services/vision/offline-analysis';

const usage = 'usage: npm run analyze -- people|vehicles|plates <image-or-video> [--fps 2] [--frames 20] [--tiling] [--min-score 0.35] [--engine auto|paddle|tesseract (plates)]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { fps: { type: 'string', default: '2' }, frames: { type: 'string', default: '20' }, tiling: { type: 'boolean', default: false }, 'min-score': { type: 'string', default: '0.35' }, engine: { type: 'string', default: 'auto' } },
  });
  const [task, file] = positionals;
  if (!file || (task !== 'people' && task !== 'vehicles' && task !== 'plates')) throw new Error(usage);
  const path = resolve(file);
  if (task === 'plates') {
    const engine = plateEngineChoices.find((e) => e === values.engine);
    if (!engine) throw new Error(usage);
    const { runPlatesCli } = await import('../src/main/services/vision/plates/cli-plates');
    process.stdout.write(`${JSON.stringify(await runPlatesCli(path, engine), null, 2)}\n`);
    return;
  }
  const fps = Number(values.fps);
  const frames = Number(values.frames);
  const minScore = Number(values['min-score']);
  if (!(fps > 0 && fps <= 30) || !(frames >= 1 && frames <= 1000) || !(minScore > 0 && minScore < 1)) throw new Error(usage);
  const report = await analyseFile(path, { task, fps, maxFrames: frames, minScore, tiling: tilingSchema.parse({ enabled: values.tiling }) });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import { parentPort, workerData } from 'node:worker_threads';
import type { DetectionClass, WorkerFrame, WorkerInit, WorkerPlateRead, WorkerReply } from '../../shared/domain/vision';
import { vehicleClasses } from '../../shared/domain/vision';
import { createBuiltinDetector } from './builtin-detector';
import { checkFrame, type Rgb } from './image-ops';
import { cutCrop } from './image-ops';
import type { DensityRunner } from './onnx-runner';
import { loadPlateReader, type PlateReaderLike } from './plates-bridge';
import { detectTiled, type RunDetector } from './tiling';

/**
 * One analytics worker: loads its models once, then analyses one frame at a time. Frames
 * arrive transferred (the station no longer holds the bytes); replies carry only boxes.
 */
const port = parentPort;
if (!port) throw new Error('vision-worker must run in a worker thread');
const allowFaults = Boolean((workerData as { allowFaults?: boolean } | null)?.allowFaults);

let detector: ((image: Rgb, minScore: number) => Promise<{ cls: string; score: number; box: [number, number, number, number] }[]>) | null = null;
let density: DensityRunner | null = null;
let plates: PlateReaderLike | null = null;
const vehicles = new Set<string>(vehicleClasses);

const reply = (message: WorkerReply): void => port.postMessage(message);

async function init(message: WorkerInit): Promise<void> {
  const started = performance.now();
  let backend = 'none';
  if (message.detector.kind === 'builtin') {
    const d = await createBuiltinDetector(message.detector.modelDir, message.detector.wasmDir);
    detector = (image, minScore) => d.detect(image, minScore);
    backend = `tfjs-${d.backend}`;
  } else if (message.detector.kind === 'onnx') {
    // onnxruntime-node is imported only when a user model needs it, so a station where its native
    // binding cannot load still runs the built-in detector and the tesseract.js plate reader.
    const { createOnnxDetector } = await import('./onnx-runner');
    const d = await createOnnxDetector(message.detector.model);
    detector = (image, minScore) => d.detect(image, minScore);
    backend = 'onnxruntime';
  }
  if (message.density) density = await (await import('./onnx-runner')).createDensityRunner(message.density);
  let plateEngine: { engine: 'paddle' | 'tesseract'; fallbackReason: string | null } | undefined;
  if (message.plates.enabled) {
    const loaded = await loadPlateReader(message.plates.modelDir, message.plates.engine ?? 'auto');
    plates = loaded.reader;
    plateEngine = { engine: loaded.engine, fallbackReason: loaded.fallbackReason };
  }
  reply({ type: 'ready', backend, ms: performance.now() - started, ...(plateEngine ? { plates: plateEngine } : {}) });
}

async function analyse(frame: WorkerFrame): Promise<void> {
  if (allowFaults && frame.fault === 'hang') {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      // Deliberately busy: a hung native call does not yield either.
    }
  }
  const started = performance.now();
  checkFrame(frame.width, frame.height, frame.pixels.byteLength);
  const image: Rgb = { width: frame.width, height: frame.height, data: new Uint8Array(frame.pixels) };
  const run: RunDetector | null = detector ? (part) => detector!(part, frame.minScore) : null;
  const { detections, tiles } = run ? await detectTiled(image, frame.tiling, run) : { detections: [], tiles: 0 };
  const densityCount = density ? await density.count(image) : null;
  let reads: WorkerPlateRead[] = [];
  if (frame.plates && plates) {
    const regions = detections.filter((d) => vehicles.has(d.cls)).map((d) => ({ x: d.box[0], y: d.box[1], w: d.box[2], h: d.box[3] }));
    reads = (await plates.read(image, regions)).map((r) => ({ text: r.text, raw: r.raw, confidence: r.confidence, valid: r.valid, province: r.province, layout: r.layout, box: r.box, crop: cutCrop(image, r.box) }));
  }
  reply({
    type: 'result',
    id: frame.id,
    detections: detections.map((d) => ({ cls: d.cls as DetectionClass, score: d.score, box: d.box })),
    densityCount,
    plates: reads,
    ms: performance.now() - started,
    tiles,
  });
}

port.on('message', (message: WorkerInit | WorkerFrame) => {
  if (message.type === 'init') {
    init(message).catch((err: unknown) => reply({ type: 'init-error', message: err instanceof Error ? err.message : String(err) }));
    return;
  }
  if (message.fault === 'crash' && allowFaults) {
    // Thrown outside any promise so the thread really dies, as a native crash would.
    setImmediate(() => {
      throw new Error('fault injected: crash');
    });
    return;
  }
  analyse(message).catch((err: unknown) => reply({ type: 'frame-error', id: message.id, message: err instanceof Error ? err.message : String(err) }));
});

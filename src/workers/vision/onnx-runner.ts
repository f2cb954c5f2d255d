import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { DetectionClass, VisionModelInfo } from '../../shared/domain/vision';
import { toPlanar, type Rgb } from './image-ops';
import type { PixelDetection } from './tiling';

/** Input size: the model's fixed H×W, or the frame's own when the model takes any size. */
function inputSize(model: VisionModelInfo, image: Rgb): { c: 1 | 3; h: number; w: number } {
  const [, c, h, w] = model.inputShape;
  return { c: c === 1 ? 1 : 3, h: h && h > 0 ? h : image.height, w: w && w > 0 ? w : image.width };
}

export interface OnnxRunner {
  close(): Promise<void>;
}

export interface DensityRunner extends OnnxRunner {
  /** People in the frame: the sum of the model's density map. */
  count(image: Rgb): Promise<number>;
}

export interface OnnxDetector extends OnnxRunner {
  detect(image: Rgb, minScore: number): Promise<PixelDetection[]>;
}

export async function createDensityRunner(model: VisionModelInfo): Promise<DensityRunner> {
  const session = await InferenceSession.create(model.path);
  return {
    async count(image) {
      const { c, h, w } = inputSize(model, image);
      const input = new Tensor('float32', toPlanar(image, w, h, c, model.mean, model.std), [1, c, h, w]);
      const out = (await session.run({ [model.inputName]: input }))[model.outputName];
      if (!out) throw new Error(`model gave no output "${model.outputName}"`);
      let sum = 0;
      for (const v of out.data as Float32Array) sum += v;
      return sum;
    },
    close: () => session.release(),
  };
}

/** A user detector: output [1, N, 6] of x1, y1, x2, y2, score, class in the model's input pixels. */
export async function createOnnxDetector(model: VisionModelInfo): Promise<OnnxDetector> {
  const session = await InferenceSession.create(model.path);
  const classMap = new Map<number, DetectionClass>(Object.entries(model.classMap ?? {}).map(([k, v]) => [Number(k), v]));
  return {
    async detect(image, minScore) {
      const { c, h, w } = inputSize(model, image);
      const input = new Tensor('float32', toPlanar(image, w, h, c, model.mean, model.std), [1, c, h, w]);
      const out = (await session.run({ [model.inputName]: input }))[model.outputName];
      if (!out || out.dims.length !== 3 || out.dims[2] !== 6) throw new Error(`detector output must be [1, N, 6], got [${out?.dims.join(', ') ?? ''}]`);
      const data = out.data as Float32Array;
      const sx = image.width / w;
      const sy = image.height / h;
      const found: PixelDetection[] = [];
      for (let i = 0; i < Number(out.dims[1]); i++) {
        const [x1, y1, x2, y2, score, cls] = data.subarray(i * 6, i * 6 + 6);
        const mapped = classMap.get(Math.round(cls!));
        if (!mapped || score! < minScore) continue;
        found.push({ cls: mapped, score: score!, box: [x1! * sx, y1! * sy, (x2! - x1!) * sx, (y2! - y1!) * sy] });
      }
      return found;
    },
    close: () => session.release(),
  };
}

import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import type * as Ort from 'onnxruntime-node';
import type { VisionModelInfo, VisionModelInput } from '../../../shared/domain/vision';

export class ModelCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelCheckError';
  }
}

const MAX_MODEL_BYTES = 1024 * 1024 * 1024;
const dimOf = (d: number | string | undefined): number => (typeof d === 'number' && d > 0 ? d : -1);

/**
 * Loads a user's ONNX model with onnxruntime and checks it fits the task before it is
 * registered: one float image input [1, 1|3, H, W]; a detector's output [1, N, 6] and a class
 * map; a density model's output a map that sums to a count. A dry run on a blank image
 * confirms the shapes the metadata promised.
 */
export async function checkModel(input: VisionModelInput, now: number): Promise<VisionModelInfo> {
  if (!isAbsolute(input.path)) throw new ModelCheckError(`the model path must be absolute: ${input.path}`);
  const info = await stat(input.path).catch(() => null);
  if (!info || !info.isFile()) throw new ModelCheckError(`no model file at ${input.path}`);
  if (info.size === 0) throw new ModelCheckError(`the model file is empty: ${input.path}`);
  if (info.size > MAX_MODEL_BYTES) throw new ModelCheckError(`the model file is larger than 1 GiB: ${input.path}`);

  // Imported here, not at the top: a station whose onnxruntime-node binding cannot load still
  // starts its analytics (built-in detector, tesseract.js plates); only user models need it.
  let ort: typeof Ort;
  try {
    ort = await import('onnxruntime-node');
  } catch (err) {
    throw new ModelCheckError(`onnxruntime-node cannot load on this station, so user ONNX models cannot run: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const { InferenceSession, Tensor } = ort;
  let session: Ort.InferenceSession;
  try {
    session = await InferenceSession.create(input.path);
  } catch (err) {
    throw new ModelCheckError(`not an ONNX model onnxruntime can load (${input.path}): ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  try {
    if (session.inputNames.length !== 1) throw new ModelCheckError(`the model must take exactly one input (an image); it takes ${session.inputNames.length}: ${session.inputNames.join(', ')}`);
    const inMeta = session.inputMetadata[0]!;
    const shape = inMeta.isTensor ? inMeta.shape : [];
    if (!inMeta.isTensor || inMeta.type !== 'float32' || shape.length !== 4) {
      throw new ModelCheckError(`input "${inMeta.name}" must be a float32 image [1, 1|3, H, W]; got ${inMeta.isTensor ? `${inMeta.type} [${shape.join(', ')}]` : 'a non-tensor'}`);
    }
    const channels = shape[1];
    if (channels !== 1 && channels !== 3) throw new ModelCheckError(`input "${inMeta.name}" must have 1 (grey) or 3 (RGB) channels in dimension 1; got [${shape.join(', ')}]`);
    const outName = session.outputNames[0];
    if (!outName) throw new ModelCheckError('the model has no output');
    const inputShape = [1, channels, dimOf(shape[2]), dimOf(shape[3])];

    // Dry run: the metadata may use symbolic sizes; the real output shape is what counts.
    const h = inputShape[2]! > 0 ? inputShape[2]! : 64;
    const w = inputShape[3]! > 0 ? inputShape[3]! : 64;
    let dims: readonly number[];
    try {
      const out = (await session.run({ [inMeta.name]: new Tensor('float32', new Float32Array(channels * h * w), [1, channels, h, w]) }))[outName]!;
      dims = out.dims;
      if (out.type !== 'float32') throw new ModelCheckError(`output "${outName}" must be float32; got ${out.type}`);
    } catch (err) {
      if (err instanceof ModelCheckError) throw err;
      throw new ModelCheckError(`the model failed on a ${w}×${h} image: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    if (input.kind === 'detector') {
      if (dims.length !== 3 || dims[0] !== 1 || dims[2] !== 6) throw new ModelCheckError(`a detector's output must be [1, N, 6] (x1, y1, x2, y2, score, class); "${outName}" is [${dims.join(', ')}]`);
      if (!input.classMap || Object.keys(input.classMap).length === 0) throw new ModelCheckError('a detector needs a class map (model class index → person, car, …)');
    } else if (dims.length < 2 || dims[0] !== 1) {
      throw new ModelCheckError(`a density model's output must be a map [1, …, h, w] that sums to a count; "${outName}" is [${dims.join(', ')}]`);
    }
    return {
      id: input.id,
      name: input.name,
      kind: input.kind,
      path: input.path,
      classMap: input.kind === 'detector' ? input.classMap : undefined,
      mean: input.mean,
      std: input.std,
      inputName: inMeta.name,
      inputShape,
      outputName: outName,
      checkedAt: now,
    };
  } finally {
    await session.release();
  }
}

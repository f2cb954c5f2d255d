/**
 * A minimal ONNX (protobuf) writer for tests: enough of ModelProto to build one-node graphs
 * such as AveragePool or Identity, so the model registry and the density path are exercised
 * with a real model that onnxruntime loads, without shipping a binary fixture.
 */

const enc = new TextEncoder();

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number): number[] => varint((field << 3) | wire);
const int = (field: number, n: number): number[] => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: Uint8Array | number[]): number[] => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string): number[] => bytes(field, enc.encode(s));

export type Dim = number | string;

function valueInfo(name: string, dims: readonly Dim[], elemType = 1 /* FLOAT */): number[] {
  const shape = dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d)));
  const tensorType = [...int(1, elemType), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

export interface TinyNode {
  op: string;
  inputs: string[];
  outputs: string[];
  /** Integer-list attributes, e.g. kernel_shape. */
  ints?: Record<string, number[]>;
  /** Single-integer attributes, e.g. Concat's axis. */
  int?: Record<string, number>;
}

/** A constant tensor of the graph (an ONNX initializer): float32 or int64 values. */
export interface TinyInitializer {
  name: string;
  dims: number[];
  type: 'float32' | 'int64';
  values: number[];
}

function tensorProto(t: TinyInitializer): number[] {
  const dims = t.dims.flatMap((d) => int(1, d));
  const raw = t.type === 'float32' ? new Uint8Array(Float32Array.from(t.values).buffer) : new Uint8Array(BigInt64Array.from(t.values.map((v) => BigInt(v))).buffer);
  return [...dims, ...int(2, t.type === 'float32' ? 1 : 7), ...str(8, t.name), ...bytes(9, raw)];
}

export function tinyOnnxModel(opts: { nodes: TinyNode[]; input: { name: string; dims: Dim[] }; output: { name: string; dims: Dim[] }; initializers?: TinyInitializer[]; opset?: number }): Uint8Array {
  const nodes = opts.nodes.flatMap((n, i) => {
    const attrs = [
      ...Object.entries(n.ints ?? {}).flatMap(([name, values]) => bytes(5, [...str(1, name), ...int(20, 7 /* INTS */), ...values.flatMap((v) => int(8, v))])),
      ...Object.entries(n.int ?? {}).flatMap(([name, value]) => bytes(5, [...str(1, name), ...int(20, 2 /* INT */), ...int(3, value)])),
    ];
    return bytes(1, [...n.inputs.flatMap((x) => str(1, x)), ...n.outputs.flatMap((x) => str(2, x)), ...str(3, `n${i}`), ...str(4, n.op), ...attrs]);
  });
  const inits = (opts.initializers ?? []).flatMap((t) => bytes(5, tensorProto(t)));
  const graph = [...nodes, ...str(2, 'tiny'), ...inits, ...bytes(11, valueInfo(opts.input.name, opts.input.dims)), ...bytes(12, valueInfo(opts.output.name, opts.output.dims))];
  const model = [...int(1, 8 /* IR version */), ...str(2, 'ioc-test'), ...bytes(7, graph), ...bytes(8, [...str(1, ''), ...int(2, opts.opset ?? 13)])];
  return Uint8Array.from(model);
}

/** Density-map stand-in: 2×2 average pooling, so the map sums to a quarter of the input's sum. */
export function densityModel(h: number, w: number): Uint8Array {
  return tinyOnnxModel({
    nodes: [{ op: 'AveragePool', inputs: ['image'], outputs: ['density'], ints: { kernel_shape: [2, 2], strides: [2, 2] } }],
    input: { name: 'image', dims: [1, 1, h, w] },
    output: { name: 'density', dims: [1, 1, h / 2, w / 2] },
  });
}

export function identityModel(dims: Dim[]): Uint8Array {
  return tinyOnnxModel({ nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }], input: { name: 'x', dims }, output: { name: 'y', dims } });
}

/**
 * Detector stand-in with the registry's output contract [1, N, 6] (x1, y1, x2, y2, score, class in
 * input pixels): one box at `box` of an `side`×`side` RGB input, class `cls`, whose score is the
 * picture's mean brightness (0..1 with mean 0, std 1). Bright frames yield a detection, dark
 * ones fall under any sensible minimum score: output that really depends on the frame.
 */
export function brightnessDetectorModel(side: number, box: [number, number, number, number], cls = 0): Uint8Array {
  return tinyOnnxModel({
    nodes: [
      { op: 'ReduceMean', inputs: ['image'], outputs: ['mean'], ints: { axes: [1, 2, 3] }, int: { keepdims: 1 } },
      { op: 'Reshape', inputs: ['mean', 'scoreShape'], outputs: ['score'] },
      { op: 'Concat', inputs: ['box', 'score', 'cls'], outputs: ['detections'], int: { axis: 2 } },
    ],
    initializers: [
      { name: 'scoreShape', dims: [3], type: 'int64', values: [1, 1, 1] },
      { name: 'box', dims: [1, 1, 4], type: 'float32', values: box },
      { name: 'cls', dims: [1, 1, 1], type: 'float32', values: [cls] },
    ],
    input: { name: 'image', dims: [1, 3, side, side] },
    output: { name: 'detections', dims: [1, 1, 6] },
  });
}

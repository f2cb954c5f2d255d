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
}

export function tinyOnnxModel(opts: { nodes: TinyNode[]; input: { name: string; dims: Dim[] }; output: { name: string; dims: Dim[] }; opset?: number }): Uint8Array {
  const nodes = opts.nodes.flatMap((n, i) => {
    const attrs = Object.entries(n.ints ?? {}).flatMap(([name, values]) => bytes(5, [...str(1, name), ...int(20, 7 /* INTS */), ...values.flatMap((v) => int(8, v))]));
    return bytes(1, [...n.inputs.flatMap((x) => str(1, x)), ...n.outputs.flatMap((x) => str(2, x)), ...str(3, `n${i}`), ...str(4, n.op), ...attrs]);
  });
  const graph = [...nodes, ...str(2, 'tiny'), ...bytes(11, valueInfo(opts.input.name, opts.input.dims)), ...bytes(12, valueInfo(opts.output.name, opts.output.dims))];
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

import { spawn } from 'node:child_process';

/** One JPEG from an RTSP stream, grabbed by ffmpeg (argument array, no shell), bounded in time and size. */
export function grabJpeg(rtspUrl: string, timeoutMs = 8000, ffmpeg = 'ffmpeg'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', rtspUrl, '-frames:v', '1', '-f', 'image2', '-c:v', 'mjpeg', '-q:v', '4', 'pipe:1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 8 * 1024 * 1024) child.kill('SIGKILL');
      else chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-2000)));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      if (code === 0 && jpeg.length > 0) resolve(jpeg);
      else reject(new Error(`snapshot failed (${code ?? 'killed'}): ${stderr.trim().split('\n').pop() ?? ''}`));
    });
  });
}

// Starts the demo server (`node demo/server.mjs --port 0`) for the end-to-end tests and reads
// the origin it prints. Its output is collected in `output`, for failure messages.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface DemoProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string;
}

/** `speed`: DEMO_SPEED (how much faster than real time the simulated jobs run). */
export function startDemo(speed: number, output: string[]): Promise<DemoProcess> {
  const script = fileURLToPath(new URL('../../../demo/server.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, '--port', '0'], {
    env: { ...process.env, HOST: '127.0.0.1', DEMO_SPEED: String(speed), DEMO_FAILURE_RATE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => output.push(text));
  return new Promise<DemoProcess>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo server printed no URL: ${output.join('')}`)), 10_000);
    child.once('exit', (code) => reject(new Error(`the demo server exited (${code}): ${output.join('')}`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output.push(text);
      const match = /progress-stream demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, origin: match[1] });
      }
    });
  });
}

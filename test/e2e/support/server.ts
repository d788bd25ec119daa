import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

/** A real `xinyong serve` process on a fresh data directory (sample data loaded on first start). */
export interface E2eServer {
  readonly url: string;
  readonly dataDir: string;
  readonly log: () => string;
  /**
   * Runs `xinyong <args>` against the same data directory, with `stdin` piped in; resolves to its stdout. Asynchronous
   * on purpose: a synchronous spawn blocks this process's event loop, so the HTTP client cannot see the server end
   * an idle keep-alive connection meanwhile and writes the next request onto the closed socket ("other side closed").
   */
  cli(args: readonly string[], stdin?: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Builds web/dist when it is missing (npm ci builds it; a plain checkout may not have it yet). */
export function ensureWebBuilt(): void {
  if (fs.existsSync(path.join(root, 'web', 'dist', 'index.html'))) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('building web/dist failed');
}

export async function startServer(): Promise<E2eServer> {
  ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'xinyong-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XINYONG_DATA_DIR: dataDir,
    XINYONG_PORT: String(port),
    XINYONG_HOST: '127.0.0.1',
    XINYONG_SAMPLE_DATA: 'true',
    XINYONG_LOG_LEVEL: 'warn',
  };
  delete env.XINYONG_DATABASE_URL;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['bin/xinyong.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`server did not become ready in 90 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    log: () => output,
    async cli(args, stdin) {
      const run = spawn(process.execPath, ['bin/xinyong.js', ...args], {
        cwd: root,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      run.stdout.setEncoding('utf8').on('data', (s: string) => {
        stdout += s;
      });
      run.stderr.setEncoding('utf8').on('data', (s: string) => {
        stderr += s;
      });
      run.stdin.end(stdin ?? '');
      const status = await new Promise<number | null>((resolve, reject) => {
        run.once('error', reject);
        run.once('close', resolve);
      });
      if (status !== 0) throw new Error(`xinyong ${args.join(' ')} failed (${status}): ${stderr}${stdout}`);
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

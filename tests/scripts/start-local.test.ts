/**
 * `npm start` as a person runs it (the script in its own process, its own DynamoDB Local on a data
 * directory of the test): a failed start says what to do and leaves no Java process; a start killed
 * while seeding is followed by a start that cleans up after it and serves the complete demo; stopping
 * stops everything.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../shared/adapters/dynamodb/dynamodb-local.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const started: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-local.ts'], {
    cwd: ROOT,
    env: { ...process.env, HOST: '', DYNAMODB_PORT: '', TABLE_NAME: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exit };
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null)
      throw new Error(`exited ${run.child.exitCode} before ${pattern}:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Processes whose command line names the data directory: a DynamoDB Local of this test. */
function javaOf(dataDir: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .filter((line) => line.includes(dataDir) && /java/.test(line))
    .map((line) => line.trim().split(/\s+/)[0] ?? '');
}

/** An address of this machine other than loopback (undefined on a machine without a network). */
const EXTERNAL = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === 'IPv4' && !a.internal)?.address;

/** Whether something accepts connections at host:port. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'start-local-')), 'data');

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  it('refuses a port in use, says how to choose another, and starts no DynamoDB Local', async () => {
    const busy: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', () => resolve()));
    const dir = dataDir();
    const run = start({ DATA_DIR: dir, PORT: String(port) });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`Cổng ${port} trên 127.0.0.1 đang được một chương trình khác dùng`);
    expect(run.output()).toContain('PORT=<cổng> npm start');
    expect(javaOf(dir)).toEqual([]);
    busy.close();
  }, 60_000);

  it('says how to install Java when it is missing', async () => {
    const dir = dataDir();
    const run = start({
      DATA_DIR: dir,
      PORT: String(await freePort()),
      PATH: mkdtempSync(join(tmpdir(), 'no-java-')),
    });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('DynamoDB Local cần Java 17 trở lên');
    expect(run.output()).toContain('openjdk-17-jre-headless');
  }, 60_000);

  it('says what is wrong with a data directory that is a file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'start-local-')), 'not-a-directory');
    writeFileSync(file, 'x');
    const run = start({ DATA_DIR: file, PORT: String(await freePort()) });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain(`Không dùng được thư mục dữ liệu ${file}`);
    expect(run.output()).toContain('DATA_DIR=<thư mục> npm start');
    expect(javaOf(file)).toEqual([]);
  }, 60_000);

  it('stops DynamoDB Local when the start fails after starting it', async () => {
    const dir = dataDir();
    // A table name DynamoDB refuses: the failure comes once DynamoDB Local runs.
    const run = start({ DATA_DIR: dir, PORT: String(await freePort()), TABLE_NAME: 'x' });
    expect(await run.exit).toBe(1);
    expect(run.output()).toContain('DynamoDB Local đã được dừng');
    expect(javaOf(dir)).toEqual([]);
  }, 120_000);

  it('comes up complete after a start killed while seeding, and stops everything on SIGTERM', async () => {
    const dir = dataDir();
    const port = await freePort();
    const first = start({ DATA_DIR: dir, PORT: String(port) });
    await waitFor(first, /Đang nhập các kiến nghị/);
    first.child.kill('SIGKILL');
    await first.exit;
    // Killed outright: its DynamoDB Local is still running.
    expect(javaOf(dir).length).toBe(1);

    const dynamoPort = await freePort();
    const second = start({ DATA_DIR: dir, PORT: String(port), DYNAMODB_PORT: String(dynamoPort) });
    await waitFor(second, /Nhấn Ctrl-C để dừng/);
    // HOST unset: the server and DynamoDB Local answer on 127.0.0.1 and on no other address.
    expect(await answers('127.0.0.1', port)).toBe(true);
    expect(await answers('127.0.0.1', dynamoPort)).toBe(true);
    if (EXTERNAL) {
      expect(await answers(EXTERNAL, port)).toBe(false);
      expect(await answers(EXTERNAL, dynamoPort)).toBe(false);
    }
    expect(second.output()).toContain('Đã dừng DynamoDB Local còn sót lại');
    expect(javaOf(dir).length).toBe(1);
    // The demo users with their role and department id.
    expect(second.output()).toMatch(/system\s+Quản trị hệ thống/);
    expect(second.output()).toMatch(/department:dia-chinh-xay-dung\s+Cán bộ Địa chính - Xây dựng/);

    const token = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', 'office'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir },
      encoding: 'utf8',
    }).stdout.trim();
    const res = await fetch(`http://127.0.0.1:${port}/api/recommendations?limit=200`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { ref: string }[] };
    expect(body.items.map((i) => i.ref).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `DEMO-2023-${String(i + 1).padStart(4, '0')}`),
    );
    const signin = await fetch(`http://127.0.0.1:${port}/signin`);
    expect(await signin.text()).toContain('Cán bộ Văn phòng');

    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    expect(javaOf(dir)).toEqual([]);
  }, 240_000);

  it.runIf(EXTERNAL)(
    'opens the server, never DynamoDB Local, to the network with HOST=0.0.0.0',
    async () => {
      const dir = dataDir();
      const [port, dynamoPort] = [await freePort(), await freePort()];
      const run = start({
        DATA_DIR: dir,
        PORT: String(port),
        DYNAMODB_PORT: String(dynamoPort),
        HOST: '0.0.0.0',
      });
      await waitFor(run, /Nhấn Ctrl-C để dừng/);
      expect(run.output()).toContain('Chú ý: HOST=0.0.0.0');
      expect(await answers(EXTERNAL as string, port)).toBe(true);
      expect(await answers(EXTERNAL as string, dynamoPort)).toBe(false);
      expect(await answers('127.0.0.1', dynamoPort)).toBe(true);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      expect(javaOf(dir)).toEqual([]);
    },
    240_000,
  );
});

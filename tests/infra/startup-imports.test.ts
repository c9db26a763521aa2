/**
 * Guard of the cold start: each Lambda is built as the stack builds it (infra/bundling.ts) and the
 * modules its start-up evaluates — the handler's output file and the chunks it imports statically — must
 * not include a heavy module that only some requests need. Those are loaded with `import()` on first use
 * (bundled as separate chunks). Reads esbuild's metafile: no timing.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryOutputOf, lambdaBuildOptions, startupInputs, startupOutputs } from '../../infra/bundling.js';
import { REPO_ROOT } from '../../infra/paths.js';

/** What no function may load at start-up; each entry: a name and the metafile inputs it covers. */
const HEAVY: { name: string; pattern: RegExp }[] = [
  { name: 'MIME builder (nodemailer)', pattern: /node_modules\/nodemailer\// },
  { name: 'XLSX writer (write-excel-file)', pattern: /node_modules\/write-excel-file\// },
  { name: 'DOCX writer (docx)', pattern: /node_modules\/docx\// },
  { name: 'spreadsheet reader: zip and XML (fflate, saxes)', pattern: /node_modules\/(fflate|saxes)\// },
  {
    name: 'spreadsheet reader (shared/import)',
    pattern: /shared\/import\/(xlsx\/|csv\.ts|read-table\.ts|parse-recommendation-sheet\.ts)/,
  },
  {
    name: 'report rendering (HTML, XLSX, CSV)',
    pattern: /shared\/(domain\/reports\/render-html|adapters\/reports\/)/,
  },
  {
    name: 'API route groups: routes, their schemas, the OpenAPI document (shared/http/api-groups.ts)',
    pattern: /shared\/http\/(routes\/|schemas\.ts|openapi-document\.ts)/,
  },
  {
    name: 'page rendering (shared/web)',
    pattern:
      /shared\/web\/(pages\/|layout\.tsx|render\.tsx|components\.tsx|assets\.ts|routes\.tsx|forms\.ts)/,
  },
];

/**
 * Classic zod ('zod': its methods, locales, JSON Schema generator; ≈ 10 ms of a cold start) is the API's
 * only: the fan-out function checks its event with a zod/mini schema, the unit worker and the escalation
 * function theirs by hand.
 */
const CLASSIC_ZOD = /node_modules\/zod\/v4\/(classic\/|core\/(json-schema-processors|to-json-schema)\.js)/;

/** What the unit worker's jobs do (shared/services/unit-work/jobs.ts). */
const UNIT_JOB_CODE =
  /shared\/services\/(escalation\/sweep|calendar-reschedule|report-schedule|report-service|review-digest|mail-outbox\/dispatch)\.ts$/;

const FUNCTIONS = readdirSync(join(REPO_ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .sort();

const built = new Map<string, Metafile>();
let outdir: string;
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'startup-guard-'));
  for (const name of FUNCTIONS) {
    const options = lambdaBuildOptions({
      entry: join(REPO_ROOT, 'functions', `${name}.ts`),
      outdir: join(outdir, name),
    });
    built.set(name, (await build({ ...options, write: false })).metafile);
  }
}, 300_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const allInputs = (metafile: Metafile) => Object.keys(metafile.inputs);

/** Start-up inputs of which some code is kept (tree shaking leaves others listed with 0 bytes). */
function startupCode(metafile: Metafile): string[] {
  const outputs = startupOutputs(metafile, entryOutputOf(metafile));
  return [
    ...new Set(
      outputs.flatMap((o) =>
        Object.entries(metafile.outputs[o]?.inputs ?? {})
          .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
          .map(([input]) => input),
      ),
    ),
  ].sort();
}

describe('cold start of each Lambda', () => {
  it('builds every function of functions/', () => {
    expect(FUNCTIONS).toContain('api');
    expect([...built.keys()]).toEqual(FUNCTIONS);
  });

  for (const name of FUNCTIONS) {
    it(`${name}: loads no heavy module at start-up`, () => {
      const metafile = built.get(name) as Metafile;
      const startup = startupInputs(metafile);
      expect(startup.length).toBeGreaterThan(0);
      const found = HEAVY.flatMap(({ name: heavy, pattern }) =>
        startup.filter((input) => pattern.test(input)).map((input) => `${heavy}: ${input}`),
      );
      expect(found).toEqual([]);
    });

    if (name !== 'api') {
      it(`${name}: loads no classic zod at start-up`, () => {
        const startup = startupCode(built.get(name) as Metafile);
        expect(startup.filter((input) => CLASSIC_ZOD.test(input))).toEqual([]);
      });
    }
  }

  it('the unit worker starts without the SQS client: it calls the queue only to delay a failed job', () => {
    const metafile = built.get('unit-worker') as Metafile;
    expect(startupCode(metafile).filter((input) => /@aws-sdk\/client-sqs\//.test(input))).toEqual([]);
    expect(allInputs(metafile).some((input) => /@aws-sdk\/client-sqs\//.test(input))).toBe(true);
  });

  it('fan-out loads the unit registry, not the item stores; its bundle holds none of the jobs’ code', () => {
    const metafile = built.get('fan-out') as Metafile;
    expect(startupCode(metafile)).toContain('shared/adapters/dynamodb/unit-store.ts');
    expect(
      startupCode(metafile).filter((input) =>
        /shared\/adapters\/dynamodb\/(recommendation|list)-/.test(input),
      ),
    ).toEqual([]);
    // The mail pass's module (dispatch.ts) is the dispatcher's too: it finds the units with mail due.
    const jobsCode = allInputs(metafile).filter((input) => UNIT_JOB_CODE.test(input));
    expect(jobsCode).toEqual(['shared/services/mail-outbox/dispatch.ts']);
  });

  it('ses-events loads the report store and no item store, hence no zod', () => {
    const startup = startupCode(built.get('ses-events') as Metafile);
    expect(startup).toContain('shared/adapters/dynamodb/report-store.ts');
    expect(
      startup.filter((input) => /dynamodb\/(recommendation|list)-|node_modules\/zod\//.test(input)),
    ).toEqual([]);
  });

  it('the api bundle does hold classic zod, loaded with its route groups (the pattern matches real inputs)', () => {
    const api = built.get('api') as Metafile;
    expect(allInputs(api).some((input) => CLASSIC_ZOD.test(input))).toBe(true);
    expect(startupCode(api).some((input) => CLASSIC_ZOD.test(input))).toBe(false);
  });

  // The unit worker checks its jobs and reads policies and cursors by hand; the escalation function
  // checks its event by hand (shared/domain/hand-check.ts).
  for (const name of ['unit-worker', 'escalation']) {
    it(`${name} starts without zod`, () => {
      const startup = startupCode(built.get(name) as Metafile);
      expect(startup.length).toBeGreaterThan(0);
      expect(startup.filter((input) => /node_modules\/zod\//.test(input))).toEqual([]);
    });
  }

  it('the api bundle does hold the lazily loaded modules (the patterns above match real inputs)', () => {
    const api = built.get('api') as Metafile;
    const inputs = allInputs(api);
    const startup = new Set(startupInputs(api));
    for (const { name, pattern } of HEAVY.filter((h) => !h.name.startsWith('DOCX'))) {
      const lazy = inputs.filter((input) => pattern.test(input));
      expect(lazy.length, name).toBeGreaterThan(0);
      expect(
        lazy.some((input) => !startup.has(input)),
        name,
      ).toBe(true);
    }
  });

  it('the api starts with its router, auth and the DynamoDB client', () => {
    const startup = startupInputs(built.get('api') as Metafile);
    // zod comes with the route groups (their schemas): nothing the api builds at start-up uses it.
    for (const needed of [
      /node_modules\/hono\//,
      /node_modules\/jose\//,
      /node_modules\/@aws-sdk\/client-dynamodb\//,
      /shared\/http\/app\.ts$/,
    ]) {
      expect(
        startup.some((input) => needed.test(input)),
        String(needed),
      ).toBe(true);
    }
    // Loaded on first use: SES (report sends), Scheduler (changes that plan escalations) and SQS (an
    // import's word postings, left to the worker).
    expect(startup.filter((input) => /@aws-sdk\/client-(ses|scheduler|sqs)\//.test(input))).toEqual([]);
    expect(
      allInputs(built.get('api') as Metafile).some((input) => /@aws-sdk\/client-sqs\//.test(input)),
    ).toBe(true);
    // Escalation planning and calendar re-planning load with the first write (attach-lazily.ts).
    expect(
      startup.filter((input) =>
        /shared\/services\/(escalation\/planner|calendar-reschedule)\.ts$/.test(input),
      ),
    ).toEqual([]);
  });
});

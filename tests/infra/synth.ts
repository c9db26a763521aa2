import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App, CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildApp } from '../../infra/build.js';
import { REPO_ROOT } from '../../infra/paths.js';
import type { DialogueFollowupStack } from '../../infra/stack.js';

/** The context `cdk synth` gets from cdk.json (feature flags included), so tests see the same stack. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

export interface Synthesized {
  app: App;
  stack: DialogueFollowupStack;
  assembly: CloudAssembly;
  template: Template;
  /** Deletes the cloud assembly (bundles included) from the temp directory. */
  dispose: () => void;
}

export interface SynthOptions {
  /** Build the esbuild bundles (default true); tests that only read the construct tree skip them. */
  bundle?: boolean;
  /** CDK's built-in CloudFormation validation (default true, as in `cdk synth`); cdk-nag runs regardless. */
  cfnValidation?: boolean;
}

/**
 * Builds and synthesizes the app as `cdk synth` does (cdk-nag included: an unacknowledged finding
 * throws here).
 */
export function synthesize(context: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-infra-test-'));
  const { app, stack } = buildApp({
    outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? true,
    context: {
      ...cdkJsonContext(),
      ...context,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const assembly = app.synth();
  const dispose = () => rmSync(outdir, { recursive: true, force: true });
  return { app, stack, assembly, template: Template.fromStack(stack), dispose };
}

type Json = Record<string, unknown>;

/** Resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, Json> {
  return template.findResources(type) as Record<string, Json>;
}

export function props(resource: Json): Json {
  return (resource.Properties ?? {}) as Json;
}

/** `{ 'Fn::GetAtt': [id, 'Arn'] }` */
export const getAtt = (logicalId: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string) => ({ Ref: logicalId });

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOfStatement = (s: Statement): unknown[] =>
  Array.isArray(s.Resource) ? s.Resource : [s.Resource];

/** Every statement of every AWS::IAM::Policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const out: Statement[] = [];
  for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
    const p = props(policy);
    const roles = (p.Roles ?? []) as unknown[];
    if (!roles.some((r) => JSON.stringify(r) === JSON.stringify(ref(roleLogicalId)))) continue;
    out.push(...((p.PolicyDocument as { Statement: Statement[] }).Statement ?? []));
  }
  return out;
}

/** Logical id of the execution role of a function (its `Role` property is `Fn::GetAtt [role, Arn]`). */
export function roleOfFunction(fn: Json): string {
  const role = props(fn).Role as { 'Fn::GetAtt': [string, string] };
  return role['Fn::GetAtt'][0];
}

/** Logical id of an L2 construct's CloudFormation resource. */
export function idOf(stack: DialogueFollowupStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

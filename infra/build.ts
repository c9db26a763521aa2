import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { APP_NAME, readConfig } from './config.js';
import { DialogueFollowupStack } from './stack.js';

/**
 * Builds the CDK app: one stack per stage, checked by cdk-nag's AWS Solutions rules (cdk-nag 3 is
 * a CDK policy-validation plugin). A finding that is not acknowledged (infra/nag.ts, each with its
 * reason) fails the synthesis: `cdk synth` exits non-zero, and `app.synth()` throws in tests.
 */
export function buildApp(props: AppProps = {}): { app: App; stack: DialogueFollowupStack } {
  const app = new App(props);
  const config = readConfig((key) => app.node.tryGetContext(key));
  const stack = new DialogueFollowupStack(app, `${pascal(APP_NAME)}-${config.stage}`, {
    config,
    description: `Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại (${config.stage})`,
    tags: { app: APP_NAME, stage: config.stage },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

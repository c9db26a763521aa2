import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MailProps {
  namePrefix: string;
  /** Sender domain of this stage, verified by the DKIM records SES asks for (docs/DEPLOY.md). */
  domain: string;
  from: string;
  /** `existing`: the identity was created (and verified) outside this stack, e.g. by another stage. */
  identity: 'create' | 'existing';
  /** Verified recipients while the SES account is in its sandbox (each becomes an email identity). */
  sandboxRecipients: string[];
}

/**
 * SES: the domain identity of this stage (Easy DKIM; prod sends from the domain, other stages from
 * `<stage>.<domain>` so two stages in one account never create the same identity), and a configuration
 * set whose bounce and complaint events go to an SNS topic; the ses-events function subscribes to it and
 * records the recipient's status. The configuration set is also the identity's default, so no message
 * leaves untracked. In the sandbox, SES delivers only to verified addresses and checks the sender's
 * right on them too: `sandboxRecipients` are created as identities and included in `sendResources`.
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity | undefined;
  readonly identityArn: string;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  readonly sandboxRecipients: ses.EmailIdentity[];
  /** Bounce and complaint notifications from SES. */
  readonly eventsTopic: sns.Topic;
  readonly from: string;
  readonly domain: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.from = props.from;
    this.domain = props.domain;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${props.namePrefix}-mail`,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    if (props.identity === 'create') {
      this.identity = new ses.EmailIdentity(this, 'DomainIdentity', {
        identity: ses.Identity.domain(props.domain),
        configurationSet: this.configurationSet,
        dkimSigning: true,
      });
      this.identityArn = this.identity.emailIdentityArn;
    } else {
      this.identity = undefined;
      this.identityArn = stack.formatArn({
        service: 'ses',
        resource: 'identity',
        resourceName: props.domain,
      });
    }
    this.sandboxRecipients = props.sandboxRecipients.map(
      (email, i) =>
        new ses.EmailIdentity(this, `SandboxRecipient${i}`, { identity: ses.Identity.email(email) }),
    );
    this.eventsTopic = new sns.Topic(this, 'EventsTopic', {
      displayName: 'SES bounce and complaint events',
      enforceSSL: true,
    });
    // The event destination adds the topic policy statement that lets SES (this configuration set) publish.
    this.configurationSet.addEventDestination('BounceAndComplaint', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }

  /** What ses:SendEmail is allowed on: the sending identity, the configuration set, sandbox recipients. */
  get sendResources(): string[] {
    return [
      this.identityArn,
      this.configurationSetArn,
      ...this.sandboxRecipients.map((r) => r.emailIdentityArn),
    ];
  }
}

import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface MailProps {
  namePrefix: string;
  /** Sender domain, verified by the DKIM records SES asks for (docs/DEPLOY.md). */
  domain: string;
  from: string;
}

/**
 * SES: the domain identity (Easy DKIM) and a configuration set whose bounce and complaint events go
 * to an SNS topic; the ses-events function subscribes to it and records the recipient's status.
 * The configuration set is also the identity's default, so no message leaves untracked.
 */
export class Mail extends Construct {
  readonly identity: ses.EmailIdentity;
  readonly configurationSet: ses.ConfigurationSet;
  readonly configurationSetArn: string;
  /** Bounce and complaint notifications from SES. */
  readonly eventsTopic: sns.Topic;
  readonly from: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.from = props.from;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `${props.namePrefix}-mail`,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identity = new ses.EmailIdentity(this, 'DomainIdentity', {
      identity: ses.Identity.domain(props.domain),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });
    this.eventsTopic = new sns.Topic(this, 'EventsTopic', {
      displayName: 'SES bounce and complaint events',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('BounceAndComplaint', {
      destination: ses.EventDestination.snsTopic(this.eventsTopic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });
  }
}

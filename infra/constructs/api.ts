import type { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface HttpFrontProps {
  apiName: string;
  throttle: { rateLimit: number; burstLimit: number };
  publicThrottle: { rateLimit: number; burstLimit: number };
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** One JSON line per request in the access log (HTTP API `$context` variables). */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  userAgent: '$context.identity.userAgent',
} as const;

/**
 * Routes that authenticate at the gateway: the JSON API takes a Cognito JWT (bearer) and the gateway
 * refuses a request without a valid one before the function runs.
 */
export const JWT_ROUTES = ['/api', '/api/{proxy+}'] as const;
/**
 * Routes open at the gateway: the web pages verify the app's own session cookie themselves (jose,
 * shared/web), `/public/*` is public by law, `/health` and `/openapi.json` carry no data.
 */
export const OPEN_ROUTES = ['/', '/{proxy+}', '/health', '/openapi.json', '/public/{proxy+}'] as const;
/** The public pages (GET only) have their own, lower throttle: citizens never use up the officials' rate. */
export const PUBLIC_ROUTE_KEY = 'GET /public/{proxy+}';

/**
 * HTTP API (API Gateway v2) in front of the Hono function, with access logging and throttling on
 * its one stage (`$default`).
 */
export interface JwtSettings {
  /** Cognito user pool issuer (`https://cognito-idp.<region>.amazonaws.com/<pool id>`). */
  issuer: string;
  /** App client ids accepted as the token audience (`aud` of the ID token). */
  audience: string[];
}

export class HttpFront extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** Routes behind the Cognito JWT authorizer. */
  readonly jwtRoutes: apigw.HttpRoute[] = [];
  /** Routes without a gateway authorizer (the app authenticates pages by its session cookie). */
  readonly openRoutes: apigw.HttpRoute[] = [];
  private readonly publicThrottle: { rateLimit: number; burstLimit: number };

  constructor(scope: Construct, id: string, props: HttpFrontProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: props.apiName,
      description: 'Theo dõi kiến nghị: JSON API (/api, Cognito JWT) and web pages',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.publicThrottle = props.publicThrottle;
  }

  /** Every route goes to the one app function; `/api` routes require a valid Cognito JWT. */
  routeTo(handler: lambda.IFunction, jwt: JwtSettings): void {
    const integration = new HttpLambdaIntegration('App', handler, {
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
    });
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', jwt.issuer, {
      authorizerName: 'cognito-jwt',
      jwtAudience: jwt.audience,
      identitySource: ['$request.header.Authorization'],
    });
    for (const path of JWT_ROUTES) {
      this.jwtRoutes.push(
        ...this.api.addRoutes({ path, methods: [apigw.HttpMethod.ANY], integration, authorizer }),
      );
    }
    for (const path of OPEN_ROUTES) {
      const methods =
        path === '/health' || path === '/openapi.json' || path === '/public/{proxy+}'
          ? [apigw.HttpMethod.GET]
          : [apigw.HttpMethod.ANY];
      this.openRoutes.push(...this.api.addRoutes({ path, methods, integration }));
    }
    this.throttlePublicPages();
  }

  /** The public pages' own throttle, on their route of the stage (which must exist first). */
  private throttlePublicPages(): void {
    const route = this.openRoutes.find((r) => r.path === '/public/{proxy+}');
    if (!route) throw new Error(`no route ${PUBLIC_ROUTE_KEY}`);
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = {
      [PUBLIC_ROUTE_KEY]: {
        ThrottlingRateLimit: this.publicThrottle.rateLimit,
        ThrottlingBurstLimit: this.publicThrottle.burstLimit,
      },
    };
    this.stage.node.addDependency(route);
  }

  /** `https://<api id>.execute-api.<region>.amazonaws.com` (the `$default` stage has no path). */
  get url(): string {
    return this.api.apiEndpoint;
  }
}

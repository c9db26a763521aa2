import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/domain/model.js';

export interface AuthProps {
  namePrefix: string;
  domainPrefix: string;
  /** Where the app lives; the OAuth callback and sign-out URLs are under it. */
  publicBaseUrl: string;
  /** Plus feature plan with threat protection enforced (adaptive authentication, compromised credentials). */
  threatProtection: boolean;
  /** Send Cognito's invitation emails through SES from this address (the domain must be verified first). */
  sesFrom: { address: string; domain: string; configurationSetName: string } | undefined;
  removalPolicy: RemovalPolicy;
}

/** Role descriptions shown in the Cognito console (the groups are the app's roles, shared/domain/model.ts). */
const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  system: 'Quản trị hệ thống: tạo đơn vị, lịch nghỉ toàn quốc',
  admin: 'Quản trị: cấu hình đơn vị, phòng ban, lịch, người nhận báo cáo',
  office: 'Văn phòng: ghi nhận hội nghị, kiến nghị, giao việc',
  front: 'Ủy ban MTTQ: giám sát, xác nhận hoặc mở lại kiến nghị',
  standing: 'Ban Thường vụ: xem báo cáo quý',
  department: 'Phòng ban: trả lời kiến nghị được giao (thuộc tính custom:departmentId)',
};

/** Paths the web pages handle for the OAuth code flow (shared/web). */
export const OAUTH_CALLBACK_PATH = '/auth/callback';
export const SIGN_OUT_PATH = '/signin';

/**
 * Cognito: one user pool for every unit. A user belongs to one unit (`custom:unitId`) and, for a
 * department account, one department (`custom:departmentId`); roles are the five groups (a pool
 * allows 10,000 groups, not one per department of 3,300 communes, hence attributes). Accounts are
 * created by an administrator only; strong passwords and TOTP MFA are required. The app client
 * uses the authorization-code flow of the managed login and may not write the unit/department
 * attributes (a user could otherwise move themselves to another unit).
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-users`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: {
        unitId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        departmentId: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: props.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(props.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      userInvitation: {
        emailSubject: 'Tài khoản Theo dõi kiến nghị của bạn',
        emailBody:
          'Xin chào,<br><br>Bạn đã được cấp tài khoản hệ thống Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại.<br>' +
          'Tên đăng nhập: {username}<br>Mật khẩu tạm thời: {####}<br><br>' +
          'Khi đăng nhập lần đầu, bạn sẽ đặt mật khẩu mới và cài đặt ứng dụng xác thực (mã OTP).',
      },
      ...(props.sesFrom
        ? {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: props.sesFrom.address,
              fromName: 'Theo dõi kiến nghị',
              sesVerifiedDomain: props.sesFrom.domain,
              // Env-agnostic stack: the identity is in the stack's own region.
              sesRegion: Stack.of(this).region,
              configurationSetName: props.sesFrom.configurationSetName,
            }),
          }
        : {}),
      deletionProtection: props.removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy: props.removalPolicy,
    });

    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: ROLE_DESCRIPTIONS[role] });
    }

    this.client = this.userPool.addClient('WebClient', {
      userPoolClientName: `${props.namePrefix}-web`,
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${props.publicBaseUrl}${OAUTH_CALLBACK_PATH}`],
        logoutUrls: [`${props.publicBaseUrl}${SIGN_OUT_PATH}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('unitId', 'departmentId'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    this.domain = this.userPool.addDomain('ManagedLogin', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login (version 2) shows its pages only once the client has a branding style.
    new cognito.CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
  }

  /** `https://<prefix>.auth.<region>.amazoncognito.com` */
  get domainBaseUrl(): string {
    return this.domain.baseUrl();
  }

  /** `<prefix>.auth.<region>.amazoncognito.com`: what the web pages build the OAuth URLs from. */
  get domainHost(): string {
    return `${this.domain.domainName}.auth.${Stack.of(this).region}.amazoncognito.com`;
  }
}

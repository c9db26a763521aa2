import { randomUUID } from 'node:crypto';
import { escapeHtml } from '../../domain/escape-html.js';
import type { AccountState, IdentityProvider, Mailer } from '../../domain/ports.js';

/**
 * The local stand-in for Cognito: the accounts are the unit's directory records in DynamoDB Local
 * (UserStore), which the local sign-in page lists and signs in with the local key pair, so there is
 * nothing more to keep here. The invitation Cognito would send goes to the mailer (the outbox).
 */
export class LocalIdentityProvider implements IdentityProvider {
  constructor(
    private readonly mailer: Mailer,
    private readonly baseUrl: () => string,
  ) {}

  async createAccount(state: AccountState, options: { invite?: boolean } = {}) {
    const id = randomUUID();
    if (options.invite !== false) {
      const signIn = `${this.baseUrl().replace(/\/+$/, '')}/signin${state.unitId ? `?unit=${encodeURIComponent(state.unitId)}` : ''}`;
      await this.mailer.send({
        to: [state.email],
        subject: 'Tài khoản Theo dõi kiến nghị của bạn',
        text:
          `Xin chào ${state.name},\n\nBạn đã được cấp tài khoản hệ thống Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại.\n` +
          `Tên đăng nhập: ${state.email}\n\n` +
          `Đây là bản chạy thử trên máy: đăng nhập bằng cách chọn tên của bạn tại ${signIn}\n` +
          '(Khi triển khai thật, thư mời có mật khẩu tạm thời; lần đầu đăng nhập bạn đặt mật khẩu mới và mã OTP.)\n',
        html:
          `<p>Xin chào ${escapeHtml(state.name)},</p><p>Bạn đã được cấp tài khoản hệ thống Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại.<br>` +
          `Tên đăng nhập: ${escapeHtml(state.email)}</p>` +
          `<p>Đây là bản chạy thử trên máy: đăng nhập bằng cách chọn tên của bạn tại <a href="${escapeHtml(signIn)}">${escapeHtml(signIn)}</a>.</p>`,
      });
    }
    return { id, username: state.email };
  }

  async syncAccount(_username: string, _state: AccountState): Promise<void> {
    // The directory record the service saves is the account.
  }
}

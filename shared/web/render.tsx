/** Sending pages: the Content-Security-Policy, caching, and the error pages. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { NotFoundError, UnauthorizedError } from '../domain/errors.js';
import type { AppDeps } from '../http/env.js';
import { FormRefusal } from './forms.js';
import { type Chrome, chromeOf, Layout } from './layout.js';
import {
  CsrfRejectedError,
  currentUser,
  PageForbiddenError,
  SignInRequiredError,
  setFlash,
  type WebEnv,
} from './session.js';

export { wantsPage } from './wants-page.js';

/**
 * No inline script at all; inline style only where a page embeds the report HTML shared with the
 * email (email clients need inline styles). Forms post only to this site (and to Cognito's sign-out).
 */
export function contentSecurityPolicy(deps: AppDeps, options: { inlineStyles?: boolean } = {}): string {
  const signIn = deps.web?.signIn;
  const cognito = signIn && signIn !== 'local' ? ` https://${signIn.cognitoDomain}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self'${options.inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data:",
    // A file goes straight to the store (S3) from the item page's upload script.
    `connect-src 'self'${deps.files.uploadOrigin ? ` ${deps.files.uploadOrigin}` : ''}`,
    `form-action 'self'${cognito}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export interface RenderOptions {
  status?: ContentfulStatusCode;
  /** Public pages may be cached; signed-in pages never are. */
  cache?: 'private' | 'public';
  inlineStyles?: boolean;
}

export function sendPage(
  c: Context,
  deps: AppDeps,
  page: Child,
  options: RenderOptions = {},
): Response | Promise<Response> {
  c.header('Content-Security-Policy', contentSecurityPolicy(deps, options));
  c.header('Cache-Control', options.cache === 'public' ? 'public, max-age=300' : 'no-store');
  return c.html(page as string, options.status ?? 200);
}

/** A page with a heading and a sentence: for refusals and errors outside a form. */
export function messagePage(
  chrome: Chrome,
  title: string,
  message: string,
  links: { href: string; label: string }[] = [],
) {
  return (
    <Layout title={title} chrome={chrome}>
      <h1>{title}</h1>
      <p>{message}</p>
      {links.length ? (
        <ul>
          {links.map((l) => (
            <li>
              <a href={l.href}>{l.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </Layout>
  );
}

/** The page frame of an error page: the signed-in user's if there is one, a bare one if anything fails. */
async function errorChrome(deps: AppDeps, c: Context<WebEnv>): Promise<Chrome> {
  if (!c.get('user')) {
    const session = await currentUser(deps, c).catch(() => null);
    if (session) c.set('user', session.user);
  }
  return chromeOf(c, deps).catch(() => ({
    user: null,
    csrfToken: null,
    flash: null,
    path: c.req.path,
    unitName: null,
  }));
}

/** The web pages' error handler: HTML for people, never problem JSON. */
export function pageErrorHandler(deps: AppDeps) {
  return async (error: Error, c: Context<WebEnv>): Promise<Response> => {
    if (error instanceof SignInRequiredError || error instanceof UnauthorizedError) {
      if (c.req.method !== 'GET') setFlash(c, 'Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.');
      const next =
        c.req.method === 'GET'
          ? `?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`
          : '';
      return c.redirect(`/signin${next}`, 303);
    }
    const chrome = await errorChrome(deps, c);
    const home = [{ href: '/', label: 'Về trang chính' }];
    if (error instanceof CsrfRejectedError) {
      return sendPage(c, deps, messagePage(chrome, 'Không gửi được biểu mẫu', error.message, home), {
        status: 403,
      });
    }
    if (error instanceof PageForbiddenError) {
      return sendPage(c, deps, messagePage(chrome, 'Không có quyền truy cập', error.message, home), {
        status: 403,
      });
    }
    if (error instanceof NotFoundError || (error instanceof FormRefusal && error.status === 404)) {
      return sendPage(
        c,
        deps,
        messagePage(
          chrome,
          'Không tìm thấy',
          `${error.message.replace(/\.$/, '')}. Có thể đường dẫn đã sai hoặc bạn không được xem mục này.`,
          home,
        ),
        { status: 404 },
      );
    }
    if (error instanceof FormRefusal) {
      return sendPage(c, deps, messagePage(chrome, 'Không thực hiện được', error.message, home), {
        status: error.status,
      });
    }
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'web page failed',
        path: c.req.path,
        error: { name: error.name, message: error.message, stack: error.stack },
      }),
    );
    return sendPage(
      c,
      deps,
      messagePage(
        chrome,
        'Đã xảy ra lỗi',
        'Hệ thống gặp lỗi không mong muốn. Nội dung bạn vừa gửi có thể chưa được lưu; vui lòng thử lại sau ít phút.',
        home,
      ),
      { status: 500 },
    );
  };
}

/** The last route of a page area: an unknown page there is an HTML 404, not the API's problem JSON. */
export function unknownPage(): never {
  throw new NotFoundError('trang');
}

/** The HTML page for an unknown address or a method the address does not take (outside a page area). */
export async function errorPage(deps: AppDeps, context: Context, status: 404 | 405): Promise<Response> {
  const c = context as unknown as Context<WebEnv>;
  const chrome = await errorChrome(deps, c);
  const [title, message] =
    status === 404
      ? ['Không tìm thấy', 'Không có trang này. Có thể đường dẫn đã sai hoặc trang đã được chuyển.']
      : [
          'Không thực hiện được',
          'Trang này không nhận yêu cầu như vậy. Hãy quay lại và dùng các nút trên trang.',
        ];
  return sendPage(c, deps, messagePage(chrome, title, message, [{ href: '/', label: 'Về trang chính' }]), {
    status,
  });
}

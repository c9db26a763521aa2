/**
 * The e-mail address every input uses: a zod/mini schema of the one definition in mailbox-address.ts
 * (the functions validate with zod/mini; see zod-defaults.ts); classic schemas take it as a member, and
 * `z.pipe(EmailSchema, …)` stands for the chained methods mini has not.
 */
import './zod-defaults.js';
import * as z from 'zod/mini';
import { EMAIL_MAX_LENGTH, isMailboxAddress } from './mailbox-address.js';

export { isMailboxAddress } from './mailbox-address.js';

export const EMAIL_MESSAGE =
  'Địa chỉ e-mail không hợp lệ (tối đa 254 ký tự, phần trước @ tối đa 64, mỗi phần tên miền 1–63 ký tự, không bắt đầu hay kết thúc bằng dấu -)';

/** An e-mail address (trimmed): the schema every input uses. */
export const EmailSchema = z
  .string()
  .check(z.trim(), z.maxLength(EMAIL_MAX_LENGTH, EMAIL_MESSAGE), z.refine(isMailboxAddress, EMAIL_MESSAGE))
  .register(z.globalRegistry, { format: 'email', example: 'vanphong@demo.example' });

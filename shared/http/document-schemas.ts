/** The conclusion notice's inputs, shared by the API and the pages. */
import * as z from 'zod';
import { IsoDateSchema } from './schemas.js';

const Paragraph = z.string().trim().max(8000).nullish();
export const NoticeTextSchema = z
  .object({
    version: z.number().int().positive(),
    opening: Paragraph,
    closing: Paragraph,
    signerName: z.string().trim().max(200).nullish(),
  })
  .strict();

export const IssueSchema = z
  .object({
    number: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .regex(
        /^[\p{L}\p{N}][\p{L}\p{N}./-]*$/u,
        'Số văn bản gồm chữ, số và / . -, ví dụ 125 hoặc 125/TB-UBND',
      ),
    date: IsoDateSchema,
    version: z.number().int().positive().optional(),
  })
  .strict();

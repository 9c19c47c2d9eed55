/**
 * The shapes of the portal's answers that the CLI relies on (PORTAL-API.md). Fields the CLI does not
 * use are let through untouched; a missing or mistyped field it does use makes the answer
 * "unexpected" rather than a crash further on.
 */
import { z } from 'zod';

const id = z.number().int();

export const ticketFieldSchema = z.looseObject({
  id,
  type: z.string(),
  title: z.string().nullish(),
  title_in_portal: z.string().nullish(),
  active: z.boolean().nullish(),
  required_in_portal: z.boolean().nullish(),
  visible_in_portal: z.boolean().nullish(),
  custom_field_options: z
    .array(z.looseObject({ id: id.nullish(), name: z.string(), value: z.string(), default: z.boolean().nullish() }))
    .nullish(),
});
export type TicketField = z.infer<typeof ticketFieldSchema>;

const pagination = {
  next_page: z.string().nullish(),
  meta: z.looseObject({ has_more: z.boolean().nullish(), after_cursor: z.string().nullish() }).nullish(),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
};

/** One page of a list endpoint: the items under `key`, and the next page's link (cursor or offset). */
export function pageSchema<T extends z.ZodType>(key: string, item: T) {
  return z.looseObject({ ...pagination, [key]: z.array(item) });
}

export const ticketFormSchema = z.looseObject({
  id,
  name: z.string().nullish(),
  display_name: z.string().nullish(),
  default: z.boolean().nullish(),
  active: z.boolean().nullish(),
  end_user_visible: z.boolean().nullish(),
  ticket_field_ids: z.array(id).nullish(),
});
export type TicketForm = z.infer<typeof ticketFormSchema>;


export const uploadAnswerSchema = z.looseObject({
  upload: z.looseObject({
    token: z.string().min(1),
    attachment: z
      .looseObject({
        id: id.nullish(),
        file_name: z.string().nullish(),
        content_type: z.string().nullish(),
        size: z.number().nullish(),
      })
      .nullish(),
  }),
});
export type UploadAnswer = z.infer<typeof uploadAnswerSchema>;

export const portalRequestSchema = z.looseObject({
  id,
  url: z.string().nullish(),
  subject: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  custom_fields: z.array(z.looseObject({ id, value: z.unknown() })).nullish(),
  email_cc_ids: z.array(id).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type PortalRequest = z.infer<typeof portalRequestSchema>;

export const requestAnswerSchema = z.looseObject({ request: portalRequestSchema });

export const requestsPageSchema = z.looseObject({ ...pagination, requests: z.array(portalRequestSchema) });

/** The body of POST /api/v2/requests. */
export interface CreateRequestBody {
  request: {
    subject: string;
    comment: { body: string; uploads?: string[] };
    email_ccs?: Array<{ user_email: string; action: 'put' }>;
    custom_fields: Array<{ id: number; value: string }>;
    ticket_form_id?: number;
  };
}

export const currentUserSchema = z.looseObject({
  user: z.looseObject({ id: id.nullable(), email: z.string().nullish(), name: z.string().nullish() }),
});

export const commentSchema = z.looseObject({
  id,
  body: z.string().nullish(),
  plain_body: z.string().nullish(),
  author_id: id.nullish(),
  created_at: z.string().nullish(),
  public: z.boolean().nullish(),
  attachments: z.array(z.looseObject({ file_name: z.string().nullish(), size: z.number().nullish(), content_url: z.string().nullish() })).nullish(),
});
export type PortalComment = z.infer<typeof commentSchema>;

export const commentsPageSchema = z.looseObject({ ...pagination, comments: z.array(commentSchema) });

/**
 * The shapes of the portal's answers that the CLI relies on, as Zendesk documents them (requests:
 * https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/, and the pages it
 * links for uploads, ticket fields and forms). Fields the CLI does not use are let through
 * untouched; a missing or mistyped field it does use makes the answer "unexpected" rather than a
 * crash further on.
 */
import * as z from '../zod.js';
import { once } from '../once.js';
import { isPage, isPortalRequest, withFastPath } from './fast-shapes.js';

// Each schema is built on first use (once.ts): a command checks only a few kinds of answer.
const id = once(() => z.int());

const fieldOption = once(() => z.looseObject({ id: z.nullish(id()), name: z.string(), value: z.string(), default: z.nullish(z.boolean()) }));

/**
 * A list of which only the items that parse are kept: a malformed one is left out, not fatal. Real
 * answers carry options with a null value in fields the CLI never uses; one of those must not make
 * the whole ticket_fields answer "unexpected", and with it every submit.
 */
function usableItems<T extends z.ZodMiniType>(item: T) {
  return z.pipe(
    z.array(z.unknown()),
    z.transform((items): Array<z.infer<T>> =>
      items.flatMap((raw) => {
        const parsed = item.safeParse(raw);
        return parsed.success ? [parsed.data as z.infer<T>] : [];
      }),
    ),
  );
}

export const ticketFieldSchema = once(() =>
  z.looseObject({
    id: id(),
    type: z.string(),
    title: z.nullish(z.string()),
    title_in_portal: z.nullish(z.string()),
    active: z.nullish(z.boolean()),
    required_in_portal: z.nullish(z.boolean()),
    visible_in_portal: z.nullish(z.boolean()),
    editable_in_portal: z.nullish(z.boolean()),
    position: z.nullish(z.number()),
    regexp_for_validation: z.nullish(z.string()),
    // a field's options with a name and a value: the only ones that can be shown and sent
    custom_field_options: z.nullish(usableItems(fieldOption())),
  }),
);
export type TicketField = z.infer<ReturnType<typeof ticketFieldSchema>>;

const pagination = once(() => ({
  next_page: z.nullish(z.string()),
  meta: z.nullish(z.looseObject({ has_more: z.nullish(z.boolean()), after_cursor: z.nullish(z.string()) })),
  links: z.nullish(z.looseObject({ next: z.nullish(z.string()) })),
}));

/** One page of a list endpoint: the items under `key`, and the next page's link (cursor or offset). */
export function pageSchema<T extends z.ZodMiniType>(key: string, item: T) {
  return z.looseObject({ ...pagination(), [key]: z.array(item) });
}

const endUserCondition = once(() =>
  z.looseObject({
    parent_field_id: id(),
    value: z.unknown(),
    child_fields: z.array(z.looseObject({ id: id(), is_required: z.nullish(z.boolean()) })),
  }),
);
export type EndUserCondition = z.infer<ReturnType<typeof endUserCondition>>;

export const ticketFormSchema = once(() =>
  z.looseObject({
    id: id(),
    name: z.nullish(z.string()),
    display_name: z.nullish(z.string()),
    default: z.nullish(z.boolean()),
    active: z.nullish(z.boolean()),
    end_user_visible: z.nullish(z.boolean()),
    ticket_field_ids: z.nullish(z.array(id())),
    // the end-user conditions that can be followed
    end_user_conditions: z.nullish(usableItems(endUserCondition())),
  }),
);
export type TicketForm = z.infer<ReturnType<typeof ticketFormSchema>>;


export const uploadAnswerSchema = once(() =>
  z.looseObject({
    upload: z.looseObject({
      token: z.string().check(z.minLength(1)),
      attachment: z.nullish(
        z.looseObject({
          id: z.nullish(id()),
          file_name: z.nullish(z.string()),
          content_type: z.nullish(z.string()),
          size: z.nullish(z.number()),
        }),
      ),
    }),
  }),
);
export type UploadAnswer = z.infer<ReturnType<typeof uploadAnswerSchema>>;

export const portalRequestSchema = once(() =>
  z.looseObject({
    id: id(),
    url: z.nullish(z.string()),
    subject: z.nullish(z.string()),
    description: z.nullish(z.string()),
    status: z.nullish(z.string()),
    custom_fields: z.nullish(z.array(z.looseObject({ id: id(), value: z.unknown() }))),
    email_cc_ids: z.nullish(z.array(id())),
    can_be_solved_by_me: z.nullish(z.boolean()),
    created_at: z.nullish(z.string()),
    updated_at: z.nullish(z.string()),
  }),
);
export type PortalRequest = z.infer<ReturnType<typeof portalRequestSchema>>;

export const requestAnswerSchema = once(() => z.looseObject({ request: portalRequestSchema() }));

/** A page of requests; checked by hand first (fast-shapes.ts): a list of 1,000 took zod about 50 ms. */
export const requestsPageSchema = once(() => withFastPath(() => z.looseObject({ ...pagination(), requests: z.array(portalRequestSchema()) }), isPage('requests', isPortalRequest)));

/** A custom field's value as sent: text, a number's text, a date, a checkbox, a tag, or tags. */
export type FieldValue = string | boolean | string[];

/** The body of POST /api/v2/requests. */
export interface CreateRequestBody {
  request: {
    subject: string;
    comment: { body: string; uploads?: string[] };
    email_ccs?: Array<{ user_email: string; action: 'put' }>;
    custom_fields: Array<{ id: number; value: FieldValue }>;
    /** The system Priority field, when the portal shows it to end users as Severity. */
    priority?: string;
    ticket_form_id?: number;
    /**
     * The closed request this one follows up on. Zendesk links the two only when that request is
     * closed, and ignores it otherwise (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/#creating-follow-up-requests).
     */
    via_followup_source_id?: number;
  };
}

/** The request a request follows up on, as the portal shows it (`followup_source_id`), when it is a request number. */
export function followUpSourceOf(request: PortalRequest): number | undefined {
  const id = (request as PortalRequest & { followup_source_id?: unknown }).followup_source_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export const currentUserSchema = once(() =>
  z.looseObject({
    user: z.looseObject({ id: z.nullable(id()), email: z.nullish(z.string()), name: z.nullish(z.string()) }),
  }),
);

export const commentSchema = once(() =>
  z.looseObject({
    id: id(),
    body: z.nullish(z.string()),
    plain_body: z.nullish(z.string()),
    author_id: z.nullish(id()),
    created_at: z.nullish(z.string()),
    public: z.nullish(z.boolean()),
    attachments: z.nullish(z.array(z.looseObject({ file_name: z.nullish(z.string()), size: z.nullish(z.number()), content_url: z.nullish(z.string()) }))),
  }),
);
export type PortalComment = z.infer<ReturnType<typeof commentSchema>>;

export const commentsPageSchema = once(() => z.looseObject({ ...pagination(), comments: z.array(commentSchema()) }));

/** Limits the CLI enforces before anything is sent. */
export const LIMITS = {
  /** The portal's practical subject length; longer subjects are cut in emails and lists. */
  subjectChars: 150,
  /** Zendesk refuses comment bodies over 64 KB. */
  descriptionBytes: 64 * 1024,
  /** Zendesk accepts at most 48 CCs on a ticket. */
  ccCount: 48,
  /** Assumed per-file limit of the portal, configurable (uploads: https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/). */
  attachmentBytes: 50 * 1024 * 1024,
  attachmentCount: 20,
} as const;

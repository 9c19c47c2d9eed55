/**
 * Sigma's escalation criteria for S0 (Sigma's docs, "Escalate critical issues"): the categories of
 * issue that justify paging on-call, and the checks Sigma asks for first. Plain data, so help,
 * completion and the prompt agree.
 */
export const S0_CATEGORIES = [
  {
    id: 'core-features',
    label: 'Core features not working',
    detail: 'no reasonable workaround, for any of: log in, provision and invite users, analyze and edit workbooks, share documents, make API calls, materialize and export data, index a connection',
  },
  {
    id: 'data-visualization',
    label: 'Data and visualization issues',
    detail: 'bad or incorrect output, visualizations not displayed in custom plugins, charts that impede reading',
  },
  { id: 'internal-security', label: 'Internal security', detail: 'row-level security exposure, access control or credential leaks' },
  { id: 'external-security', label: 'External security incidents', detail: '' },
] as const;

export type S0CategoryId = (typeof S0_CATEGORIES)[number]['id'];
export const S0_CATEGORY_IDS = S0_CATEGORIES.map((c) => c.id) as S0CategoryId[];

export const S0_CHECKS = [
  'Is there a workaround?',
  'Are other users affected?',
  'Does it happen in another browser, or in an incognito window?',
  'Was an admin of your Sigma organization consulted?',
] as const;

/** The line put at the top of the description, so Support sees the category first. */
export function categoryHeader(id: S0CategoryId): string {
  const category = S0_CATEGORIES.find((c) => c.id === id)!;
  return `S0 category: ${category.label}`;
}

/** The description as sent: the category's line, a blank line, then what the user wrote. */
export function withCategoryHeader(description: string, id: S0CategoryId): string {
  const header = categoryHeader(id);
  return description.startsWith(header) ? description : `${header}\n\n${description}`;
}

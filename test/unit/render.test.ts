import { describe, expect, it } from 'vitest';
import { renderOutcome, type SubmitOutcome } from '../../src/cmd/submit/render.js';

const outcome: SubmitOutcome = { id: 7, url: 'https://support.example.com/hc/en-us/requests/7', status: 'new', subject: 'Exports fail', severity: 'S2', cc: ['ana@example.com', 'bo@example.org'], attachments: [] };

describe('the result of a submit', () => {
  it('on a real portal, says where Sigma writes, with the CCs printed one way', () => {
    expect(renderOutcome(outcome, 'me@example.com', false)).toContain('Sigma emails a confirmation, and every answer, to me@example.com and to ana@example.com, bo@example.org.');
  });
  it('on a sandbox, says it emails nobody', () => {
    const text = renderOutcome(outcome, 'me@example.com', true);
    expect(text).not.toContain('Sigma emails');
    expect(text).toContain('it sends no confirmation or any other email,\nand nothing reached Sigma');
  });
});

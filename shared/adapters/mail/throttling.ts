/**
 * Whether a mail provider's error says "too fast, try later": SES answers `Throttling` ("Maximum sending
 * rate exceeded."), and AWS SDKs use `ThrottlingException` / `TooManyRequestsException` / HTTP 429.
 */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'Throttling' || e.name === 'ThrottlingException' || e.name === 'TooManyRequestsException')
    return true;
  if (e.$metadata?.httpStatusCode === 429) return true;
  return typeof e.message === 'string' && e.message.includes('Maximum sending rate exceeded');
}

/**
 * What AgentPhone's public documents say about errors (see the spec's `ErrorCode`): the
 * codes its "Error Handling" guide names. The list is not said to be closed.
 */
export const documentedErrorCodes = [
  "VALIDATION_ERROR",
  "RATE_LIMIT_EXCEEDED",
  "CARRIER_ERROR",
  "TWILIO_ERROR",
  "PHONE_NUMBER_NOT_FOUND",
  "INSUFFICIENT_BALANCE",
  "VALIDATION_ERROR_NUMBER_LIMIT",
] as const;

/**
 * Generated from openapi/openapi.yaml by openapi-typescript. Do not edit.
 * Run `npm run generate` after changing the spec; `npm test` fails while this file is stale.
 */

export interface paths {
    "/v1/conversations/{conversation_id}/background": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. Another account's conversation answers 404. */
                conversation_id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set Chat Background
         * @description Sets the wallpaper of an iMessage conversation. The service downloads `image_url`
         *     (HTTPS only, at most 10 MiB, JPEG, PNG, GIF, WebP or HEIC decided from the bytes),
         *     and forwards the image to the iMessage provider as `multipart/form-data`.
         *
         *     Idempotent: setting the same image bytes again answers `changed: false` with the
         *     current `backgroundId` and `backgroundVersion` and does nothing else. Different
         *     bytes replace the background, with a new `backgroundId` and the version plus one.
         *
         *     Recipients on iOS older than 18 see the default background; the answer is the same
         *     and no error is raised.
         *
         *     Unknown fields in the body are ignored (the sandbox's choice, as Pydantic does by
         *     default). The sandbox refuses a body over 16 KiB, or one it cannot read (not JSON, a
         *     `Content-Encoding` that does not inflate), with 422; a valid body is far smaller.
         */
        post: operations["setChatBackground"];
        /**
         * Remove Chat Background
         * @description Clears the wallpaper of an iMessage conversation, so that both sides see the
         *     default again. Idempotent: on a conversation with no custom background it answers
         *     204 and does nothing (the version does not move). Removing a background that is
         *     there adds one to the version.
         */
        delete: operations["removeChatBackground"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SetChatBackgroundRequest: {
            /**
             * Format: uri
             * @description An absolute `https:` URL of the image. The service downloads it: at most
             *     10 MiB, and JPEG, PNG, GIF, WebP or HEIC as decided from the bytes (never from
             *     the `Content-Type` header or the file name).
             * @example https://cdn.agentphone.ai/backgrounds/chat-wallpaper-forest.png
             */
            image_url: string;
        };
        SetChatBackgroundResponse: {
            /** @description The conversation's id. */
            conversationId: string;
            /** @description The conversation's channel, `iMessage`. */
            channel: string;
            /** @description Whether the conversation now has a custom background. */
            hasBackground: boolean;
            /**
             * @description `true` when this request replaced the background; `false` when the
             *     conversation already had these exact image bytes.
             */
            changed: boolean;
            /**
             * @description The id of the current background. The sandbox makes it `bg_` and 15 lowercase
             *     hexadecimal digits, new for every change.
             */
            backgroundId?: string | null;
            /**
             * @description The conversation's background version after this request. In the sandbox it
             *     starts at 0 and each change (a new image, or a removal of a background that
             *     was there) adds one.
             */
            backgroundVersion?: number | null;
        };
        /** @description The documented error shape of every AgentPhone error. */
        ErrorEnvelope: {
            error: {
                /** @description What went wrong, for a person. */
                message: string;
                code: components["schemas"]["ErrorCode"];
                /**
                 * @description The error's family, an open string. The guide documents
                 *     `validation_error` and `rate_limit_error`; the sandbox also sends
                 *     `invalid_request_error`, `authentication_error`, `not_found_error`,
                 *     `upstream_error` and `api_error`.
                 */
                type: string;
                /** @description What was wrong with which field, for validation errors. */
                details?: components["schemas"]["ErrorDetail"][];
            };
        };
        /**
         * @description A machine-readable error code. The list is open: the documents do not say it is
         *     closed, and the live API may send codes beyond those known.
         *
         *     Named in AgentPhone's "Error Handling" guide: `VALIDATION_ERROR`,
         *     `RATE_LIMIT_EXCEEDED`, `CARRIER_ERROR` (an upstream carrier error, 502), its
         *     deprecated but still sent predecessor `TWILIO_ERROR`, `PHONE_NUMBER_NOT_FOUND`,
         *     `INSUFFICIENT_BALANCE` and `VALIDATION_ERROR_NUMBER_LIMIT`.
         *
         *     Sent by the sandbox on these two operations, each with one status and `type`:
         *     `INVALID_REQUEST` and `CHANNEL_NOT_SUPPORTED` (400), `UNAUTHORIZED` (401),
         *     `CONVERSATION_NOT_FOUND` (404), `REQUEST_TIMEOUT` (408), `VALIDATION_ERROR`,
         *     `INVALID_IMAGE_URL`, `IMAGE_FETCH_FAILED`, `IMAGE_FETCH_TIMEOUT`,
         *     `IMAGE_ADDRESS_BLOCKED`, `IMAGE_TOO_LARGE` and `UNSUPPORTED_IMAGE_TYPE` (422),
         *     `RATE_LIMIT_EXCEEDED` (429), `INTERNAL_ERROR` (500), `PROVIDER_ERROR` (502),
         *     `SERVICE_UNAVAILABLE` (503) and `GATEWAY_TIMEOUT` (504); and, only when a test asks
         *     for it through the sandbox's faults, `FORBIDDEN` (403).
         * @example VALIDATION_ERROR
         * @example RATE_LIMIT_EXCEEDED
         * @example CARRIER_ERROR
         * @example TWILIO_ERROR
         * @example PHONE_NUMBER_NOT_FOUND
         * @example INSUFFICIENT_BALANCE
         * @example VALIDATION_ERROR_NUMBER_LIMIT
         * @example INVALID_REQUEST
         * @example CHANNEL_NOT_SUPPORTED
         * @example UNAUTHORIZED
         * @example FORBIDDEN
         * @example CONVERSATION_NOT_FOUND
         * @example REQUEST_TIMEOUT
         * @example INVALID_IMAGE_URL
         * @example IMAGE_FETCH_FAILED
         * @example IMAGE_FETCH_TIMEOUT
         * @example IMAGE_ADDRESS_BLOCKED
         * @example IMAGE_TOO_LARGE
         * @example UNSUPPORTED_IMAGE_TYPE
         * @example INTERNAL_ERROR
         * @example PROVIDER_ERROR
         * @example SERVICE_UNAVAILABLE
         * @example GATEWAY_TIMEOUT
         */
        ErrorCode: string;
        ErrorDetail: {
            /** @description The field at fault, such as `image_url`. */
            field: string;
            /** @description What is wrong with it. */
            message: string;
            /** @description The kind of fault, such as `missing`, `string_type` or `too_large`. */
            type: string;
        };
        /**
         * @description FastAPI's shape for an `HTTPException`, which AgentPhone's own clients read
         *     (`json.detail`): `{"detail": "Not authenticated"}`, say.
         */
        FastAPIError: {
            detail: string;
        };
        /** @description An error as the documents allow it, the envelope or FastAPI's shape. */
        ErrorBody: components["schemas"]["ErrorEnvelope"] | components["schemas"]["FastAPIError"];
        /** @description FastAPI's validation error, the shape the generated API reference shows. */
        HTTPValidationError: {
            detail: components["schemas"]["ValidationError"][];
        };
        ValidationError: {
            loc: (string | number)[];
            msg: string;
            type: string;
        };
    };
    responses: {
        /** @description The conversation is not an iMessage conversation. */
        ChannelNotSupported: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The API key is missing or not valid. FastAPI's `HTTPBearer` answers
         *     `{"detail": "Not authenticated"}`; the sandbox sends the envelope.
         */
        Unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWWAuthenticate"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description A request without a key, as FastAPI's `HTTPBearer` answered it before 2025 (so the
         *     live API may send this instead of 401), or a key not allowed this conversation.
         *     AgentPhone's chat-SDK adapter treats 401 and 403 alike. The sandbox sends it only
         *     when a test asks for it through its faults.
         */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The request was not received in time. The official SDK retries 408; the sandbox
         *     sends it when a request's body does not arrive within its request timeout.
         */
        RequestTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description No such conversation, or it belongs to another account. */
        ConversationNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The request body is not valid, or the image could not be downloaded or is not an
         *     accepted image. `details` names `image_url` and `code` says which failure. The
         *     published reference shows FastAPI's `{"detail": [...]}` shape here, so it is
         *     admitted too; the sandbox always sends the documented envelope.
         */
        SetValidationError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"] | components["schemas"]["HTTPValidationError"] | components["schemas"]["FastAPIError"];
            };
        };
        /**
         * @description The request is not valid. The published reference lists this status; the sandbox
         *     has nothing in a `DELETE` to reject, so it never sends it.
         */
        RemoveValidationError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"] | components["schemas"]["HTTPValidationError"] | components["schemas"]["FastAPIError"];
            };
        };
        /** @description Too many requests. Retry after the number of seconds in `Retry-After`. */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The service failed. The guide lists 500 and the SDK retries it; in the sandbox it
         *     is a bug, or a fault a test asked for.
         */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description The iMessage provider (the guide: "upstream carrier error") failed or timed out.
         *     Nothing was changed. The guide names `CARRIER_ERROR` for this status (and its
         *     deprecated predecessor `TWILIO_ERROR`); the sandbox sends `PROVIDER_ERROR`.
         */
        ProviderError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /** @description The service is briefly unavailable. Safe to retry. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
        /**
         * @description A gateway in front of the service gave up waiting. The guide's retry advice covers
         *     504 and the SDK retries it; the sandbox sends it only when a test asks for it
         *     through its faults.
         */
        GatewayTimeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorBody"];
            };
        };
    };
    parameters: {
        /** @description The conversation's id. Another account's conversation answers 404. */
        ConversationId: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description When to retry: a whole number of seconds, or an HTTP date (RFC 9110), both of which
         *     the official SDK honours. The sandbox sends whole seconds.
         * @example 1
         */
        RetryAfter: number | string;
        /**
         * @description The authentication scheme to use, as RFC 9110 requires on every 401: `Bearer`
         *     (FastAPI's `HTTPBearer` and the sandbox send exactly that).
         * @example Bearer
         */
        WWWAuthenticate: string;
    };
    pathItems: never;
}
export type SetChatBackgroundRequest = components['schemas']['SetChatBackgroundRequest'];
export type SetChatBackgroundResponse = components['schemas']['SetChatBackgroundResponse'];
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
export type ErrorCode = components['schemas']['ErrorCode'];
export type ErrorDetail = components['schemas']['ErrorDetail'];
export type FastApiError = components['schemas']['FastAPIError'];
export type ErrorBody = components['schemas']['ErrorBody'];
export type HttpValidationError = components['schemas']['HTTPValidationError'];
export type ValidationError = components['schemas']['ValidationError'];
export type ResponseChannelNotSupported = components['responses']['ChannelNotSupported'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseRequestTimeout = components['responses']['RequestTimeout'];
export type ResponseConversationNotFound = components['responses']['ConversationNotFound'];
export type ResponseSetValidationError = components['responses']['SetValidationError'];
export type ResponseRemoveValidationError = components['responses']['RemoveValidationError'];
export type ResponseRateLimited = components['responses']['RateLimited'];
export type ResponseInternalError = components['responses']['InternalError'];
export type ResponseProviderError = components['responses']['ProviderError'];
export type ResponseServiceUnavailable = components['responses']['ServiceUnavailable'];
export type ResponseGatewayTimeout = components['responses']['GatewayTimeout'];
export type ParameterConversationId = components['parameters']['ConversationId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
export type HeaderWwwAuthenticate = components['headers']['WWWAuthenticate'];
export type $defs = Record<string, never>;
export interface operations {
    setChatBackground: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. Another account's conversation answers 404. */
                conversation_id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetChatBackgroundRequest"];
            };
        };
        responses: {
            /** @description The background is set (or was already this image). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SetChatBackgroundResponse"];
                };
            };
            400: components["responses"]["ChannelNotSupported"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["ConversationNotFound"];
            408: components["responses"]["RequestTimeout"];
            422: components["responses"]["SetValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["ProviderError"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
    removeChatBackground: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's id. Another account's conversation answers 404. */
                conversation_id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The background is cleared (or there was none). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["ChannelNotSupported"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["ConversationNotFound"];
            408: components["responses"]["RequestTimeout"];
            422: components["responses"]["RemoveValidationError"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["ProviderError"];
            503: components["responses"]["ServiceUnavailable"];
            504: components["responses"]["GatewayTimeout"];
        };
    };
}

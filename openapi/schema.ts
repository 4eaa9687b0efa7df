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
                 * @description The error's family: `invalid_request_error`, `authentication_error`,
                 *     `not_found_error`, `validation_error`, `rate_limit_error`,
                 *     `upstream_error` or `api_error`.
                 */
                type: string;
                /** @description What was wrong with which field, for validation errors. */
                details?: components["schemas"]["ErrorDetail"][];
            };
        };
        /**
         * @description A stable, machine-readable error code.
         * @enum {string}
         */
        ErrorCode: "INVALID_REQUEST" | "CHANNEL_NOT_SUPPORTED" | "UNAUTHORIZED" | "CONVERSATION_NOT_FOUND" | "VALIDATION_ERROR" | "INVALID_IMAGE_URL" | "IMAGE_FETCH_FAILED" | "IMAGE_FETCH_TIMEOUT" | "IMAGE_ADDRESS_BLOCKED" | "IMAGE_TOO_LARGE" | "UNSUPPORTED_IMAGE_TYPE" | "RATE_LIMIT_EXCEEDED" | "PROVIDER_ERROR" | "SERVICE_UNAVAILABLE";
        ErrorDetail: {
            /** @description The field at fault, such as `image_url`. */
            field: string;
            /** @description What is wrong with it. */
            message: string;
            /** @description The kind of fault, such as `missing`, `string_type` or `too_large`. */
            type: string;
        };
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
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The API key is missing or not valid. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description No such conversation, or it belongs to another account. */
        ConversationNotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
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
                "application/json": components["schemas"]["ErrorEnvelope"] | components["schemas"]["HTTPValidationError"];
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
                "application/json": components["schemas"]["ErrorEnvelope"] | components["schemas"]["HTTPValidationError"];
            };
        };
        /** @description Too many requests. Retry after the number of seconds in `Retry-After`. */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The iMessage provider failed or timed out. Nothing was changed. */
        ProviderError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The service is briefly unavailable. Safe to retry. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
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
         * @description Seconds to wait before retrying.
         * @example 1
         */
        RetryAfter: number;
    };
    pathItems: never;
}
export type SetChatBackgroundRequest = components['schemas']['SetChatBackgroundRequest'];
export type SetChatBackgroundResponse = components['schemas']['SetChatBackgroundResponse'];
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
export type ErrorCode = components['schemas']['ErrorCode'];
export type ErrorDetail = components['schemas']['ErrorDetail'];
export type HttpValidationError = components['schemas']['HTTPValidationError'];
export type ValidationError = components['schemas']['ValidationError'];
export type ResponseChannelNotSupported = components['responses']['ChannelNotSupported'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseConversationNotFound = components['responses']['ConversationNotFound'];
export type ResponseSetValidationError = components['responses']['SetValidationError'];
export type ResponseRemoveValidationError = components['responses']['RemoveValidationError'];
export type ResponseRateLimited = components['responses']['RateLimited'];
export type ResponseProviderError = components['responses']['ProviderError'];
export type ResponseServiceUnavailable = components['responses']['ServiceUnavailable'];
export type ParameterConversationId = components['parameters']['ConversationId'];
export type HeaderRetryAfter = components['headers']['RetryAfter'];
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
            404: components["responses"]["ConversationNotFound"];
            422: components["responses"]["SetValidationError"];
            429: components["responses"]["RateLimited"];
            502: components["responses"]["ProviderError"];
            503: components["responses"]["ServiceUnavailable"];
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
            404: components["responses"]["ConversationNotFound"];
            422: components["responses"]["RemoveValidationError"];
            429: components["responses"]["RateLimited"];
            502: components["responses"]["ProviderError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}

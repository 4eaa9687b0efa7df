/**
 * Generated from openapi/openapi.yaml by `npm run generate`. Do not edit.
 * The parsed spec as data, so the sandbox's core validates requests without reading files;
 * `npm test` fails while this file is stale.
 */
export const specDocument = {
  "openapi": "3.1.0",
  "info": {
    "title": "AgentPhone chat background API",
    "version": "1.0.0",
    "summary": "Set and clear the wallpaper of an iMessage conversation.",
    "description": "The two chat-background operations of the AgentPhone API, as publicly documented,\nplus the behaviour that the sandbox in this kit chooses where the public documents\nare silent. Wherever a statement below is a sandbox choice rather than a documented\nfact, it says so; the contract suite reports what the live API actually does.\n\n## Two contracts\n\nThis spec describes what the **live API may answer**. Where the public documents are\nsilent or disagree, it admits every documented variant: an error `code` is an open\nstring (the known values are listed), an error body is the documented envelope or\nFastAPI's `{\"detail\": \"…\"}` (and, for 422, `{\"detail\": [...]}`), a request without a\nkey may get 401 or 403, and 403, 408, 500, 503 and 504 are listed where the documents,\nthe SDK's retry rules or FastAPI make them possible. What **the sandbox promises** on\ntop (the envelope on every error, the exact code and `type` for each status from its\ntable of codes, `channel` spelled `iMessage` as in the published example, a\n`backgroundId` of `bg_` and 15 hexadecimal digits, `WWW-Authenticate: Bearer` on 401,\n`Retry-After` in whole seconds on 429) is its own profile, checked on the sandbox's\ntargets by the contract suite and not imposed on the live API.\n\n## The sandbox model\n\n* **Content identity.** A background is identified by the SHA-256 of the image bytes\n  the service downloaded, not by its URL. Setting the same bytes again (from the same\n  URL or any other) is a no-op: `changed: false`, the same `backgroundId` and\n  `backgroundVersion`, and nothing is sent to the iMessage provider.\n* **Versions.** Every conversation has a version counter that starts at 0. Each\n  change adds exactly 1: setting different bytes, or removing a background that is\n  there. No-ops (same bytes again, removing when there is nothing to remove) do not\n  count. A set response always carries the version of the background it reports, so\n  `backgroundVersion` is never null in the sandbox.\n* **Idempotency.** Because identity is by content, a retried `POST` (the official SDK\n  retries 408, 429 and 5xx twice) can never create a second version. Concurrent\n  requests on one conversation are serialised.\n* **Order of checks.** Authentication (401), then the request body (422, before the\n  conversation is looked up, as FastAPI does), then the conversation (404; another\n  account's conversation counts as absent), then the channel (400), then the image\n  download and validation (422), then the provider (502).\n",
    "contact": {
      "name": "AgentPhone chat background kit"
    },
    "license": {
      "name": "MIT",
      "identifier": "MIT"
    }
  },
  "servers": [
    {
      "url": "https://api.agentphone.ai",
      "description": "Production"
    },
    {
      "url": "http://127.0.0.1:4010",
      "description": "Local sandbox (`npm start`)"
    }
  ],
  "security": [
    {
      "bearerAuth": []
    }
  ],
  "tags": [
    {
      "name": "Conversations",
      "description": "iMessage, SMS and MMS conversations between an agent and its contacts."
    }
  ],
  "paths": {
    "/v1/conversations/{conversation_id}/background": {
      "parameters": [
        {
          "$ref": "#/components/parameters/ConversationId"
        }
      ],
      "post": {
        "operationId": "setChatBackground",
        "summary": "Set Chat Background",
        "description": "Sets the wallpaper of an iMessage conversation. The service downloads `image_url`\n(HTTPS only, at most 10 MiB, JPEG, PNG, GIF, WebP or HEIC decided from the bytes),\nand forwards the image to the iMessage provider as `multipart/form-data`.\n\nIdempotent: setting the same image bytes again answers `changed: false` with the\ncurrent `backgroundId` and `backgroundVersion` and does nothing else. Different\nbytes replace the background, with a new `backgroundId` and the version plus one.\n\nRecipients on iOS older than 18 see the default background; the answer is the same\nand no error is raised.\n\nUnknown fields in the body are ignored (the sandbox's choice, as Pydantic does by\ndefault). The sandbox refuses a body over 16 KiB, or one it cannot read (not JSON, a\n`Content-Encoding` that does not inflate), with 422; a valid body is far smaller.\n",
        "tags": [
          "Conversations"
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SetChatBackgroundRequest"
              },
              "examples": {
                "forest": {
                  "summary": "The published example",
                  "value": {
                    "image_url": "https://cdn.agentphone.ai/backgrounds/chat-wallpaper-forest.png"
                  }
                },
                "sandboxForest": {
                  "summary": "A built-in sandbox image (no network needed)",
                  "value": {
                    "image_url": "https://images.sandbox.test/forest.png"
                  }
                }
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The background is set (or was already this image).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SetChatBackgroundResponse"
                },
                "examples": {
                  "published": {
                    "summary": "The published example",
                    "value": {
                      "conversationId": "conv_9f8b7c6d5e4a3b2c1d0e",
                      "channel": "iMessage",
                      "hasBackground": true,
                      "changed": true,
                      "backgroundId": "bg_123456789abcdef",
                      "backgroundVersion": 3
                    }
                  },
                  "firstBackground": {
                    "summary": "The first background a conversation gets",
                    "value": {
                      "conversationId": "conv_imessage",
                      "channel": "iMessage",
                      "hasBackground": true,
                      "changed": true,
                      "backgroundId": "bg_0a1b2c3d4e5f607",
                      "backgroundVersion": 1
                    }
                  },
                  "unchanged": {
                    "summary": "The same image bytes again; nothing changed",
                    "value": {
                      "conversationId": "conv_imessage",
                      "channel": "iMessage",
                      "hasBackground": true,
                      "changed": false,
                      "backgroundId": "bg_0a1b2c3d4e5f607",
                      "backgroundVersion": 1
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/ChannelNotSupported"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/ConversationNotFound"
          },
          "408": {
            "$ref": "#/components/responses/RequestTimeout"
          },
          "422": {
            "$ref": "#/components/responses/SetValidationError"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "502": {
            "$ref": "#/components/responses/ProviderError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          },
          "504": {
            "$ref": "#/components/responses/GatewayTimeout"
          }
        }
      },
      "delete": {
        "operationId": "removeChatBackground",
        "summary": "Remove Chat Background",
        "description": "Clears the wallpaper of an iMessage conversation, so that both sides see the\ndefault again. Idempotent: on a conversation with no custom background it answers\n204 and does nothing (the version does not move). Removing a background that is\nthere adds one to the version.\n",
        "tags": [
          "Conversations"
        ],
        "responses": {
          "204": {
            "description": "The background is cleared (or there was none)."
          },
          "400": {
            "$ref": "#/components/responses/ChannelNotSupported"
          },
          "401": {
            "$ref": "#/components/responses/Unauthorized"
          },
          "403": {
            "$ref": "#/components/responses/Forbidden"
          },
          "404": {
            "$ref": "#/components/responses/ConversationNotFound"
          },
          "408": {
            "$ref": "#/components/responses/RequestTimeout"
          },
          "422": {
            "$ref": "#/components/responses/RemoveValidationError"
          },
          "429": {
            "$ref": "#/components/responses/RateLimited"
          },
          "500": {
            "$ref": "#/components/responses/InternalError"
          },
          "502": {
            "$ref": "#/components/responses/ProviderError"
          },
          "503": {
            "$ref": "#/components/responses/ServiceUnavailable"
          },
          "504": {
            "$ref": "#/components/responses/GatewayTimeout"
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "description": "An AgentPhone API key, sent as `Authorization: Bearer <key>`. The sandbox accepts\n`sk_sandbox_alice` and `sk_sandbox_bob`.\n"
      }
    },
    "parameters": {
      "ConversationId": {
        "name": "conversation_id",
        "in": "path",
        "required": true,
        "description": "The conversation's id. Another account's conversation answers 404.",
        "schema": {
          "type": "string",
          "minLength": 1
        },
        "examples": {
          "published": {
            "summary": "The published example",
            "value": "conv_9f8b7c6d5e4a3b2c1d0e"
          },
          "sandbox": {
            "summary": "The sandbox's iMessage conversation",
            "value": "conv_imessage"
          }
        }
      }
    },
    "headers": {
      "RetryAfter": {
        "description": "When to retry: a whole number of seconds, or an HTTP date (RFC 9110), both of which\nthe official SDK honours. The sandbox sends whole seconds.\n",
        "required": true,
        "schema": {
          "oneOf": [
            {
              "type": "integer",
              "minimum": 0
            },
            {
              "type": "string",
              "pattern": "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$"
            }
          ]
        },
        "example": 1
      },
      "WWWAuthenticate": {
        "description": "The authentication scheme to use, as RFC 9110 requires on every 401: `Bearer`\n(FastAPI's `HTTPBearer` and the sandbox send exactly that).\n",
        "required": true,
        "schema": {
          "type": "string",
          "pattern": "^[Bb][Ee][Aa][Rr][Ee][Rr]"
        },
        "example": "Bearer"
      }
    },
    "schemas": {
      "SetChatBackgroundRequest": {
        "type": "object",
        "required": [
          "image_url"
        ],
        "properties": {
          "image_url": {
            "type": "string",
            "format": "uri",
            "pattern": "^https://",
            "maxLength": 2048,
            "description": "An absolute `https:` URL of the image. The service downloads it: at most\n10 MiB, and JPEG, PNG, GIF, WebP or HEIC as decided from the bytes (never from\nthe `Content-Type` header or the file name).\n",
            "examples": [
              "https://cdn.agentphone.ai/backgrounds/chat-wallpaper-forest.png"
            ]
          }
        }
      },
      "SetChatBackgroundResponse": {
        "type": "object",
        "required": [
          "conversationId",
          "channel",
          "hasBackground",
          "changed"
        ],
        "properties": {
          "conversationId": {
            "type": "string",
            "description": "The conversation's id."
          },
          "channel": {
            "type": "string",
            "description": "The conversation's channel, `iMessage`."
          },
          "hasBackground": {
            "type": "boolean",
            "description": "Whether the conversation now has a custom background."
          },
          "changed": {
            "type": "boolean",
            "description": "`true` when this request replaced the background; `false` when the\nconversation already had these exact image bytes.\n"
          },
          "backgroundId": {
            "type": [
              "string",
              "null"
            ],
            "description": "The id of the current background. The sandbox makes it `bg_` and 15 lowercase\nhexadecimal digits, new for every change.\n"
          },
          "backgroundVersion": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "The conversation's background version after this request. In the sandbox it\nstarts at 0 and each change (a new image, or a removal of a background that\nwas there) adds one.\n"
          }
        }
      },
      "ErrorEnvelope": {
        "type": "object",
        "description": "The documented error shape of every AgentPhone error.",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "message",
              "code",
              "type"
            ],
            "properties": {
              "message": {
                "type": "string",
                "description": "What went wrong, for a person."
              },
              "code": {
                "$ref": "#/components/schemas/ErrorCode"
              },
              "type": {
                "type": "string",
                "description": "The error's family, an open string. The guide documents\n`validation_error` and `rate_limit_error`; the sandbox also sends\n`invalid_request_error`, `authentication_error`, `not_found_error`,\n`upstream_error` and `api_error`.\n"
              },
              "details": {
                "type": "array",
                "description": "What was wrong with which field, for validation errors.",
                "items": {
                  "$ref": "#/components/schemas/ErrorDetail"
                }
              }
            }
          }
        }
      },
      "ErrorCode": {
        "type": "string",
        "description": "A machine-readable error code. The list is open: the documents do not say it is\nclosed, and the live API may send codes beyond those known.\n\nNamed in AgentPhone's \"Error Handling\" guide: `VALIDATION_ERROR`,\n`RATE_LIMIT_EXCEEDED`, `CARRIER_ERROR` (an upstream carrier error, 502), its\ndeprecated but still sent predecessor `TWILIO_ERROR`, `PHONE_NUMBER_NOT_FOUND`,\n`INSUFFICIENT_BALANCE` and `VALIDATION_ERROR_NUMBER_LIMIT`.\n\nSent by the sandbox on these two operations, each with one status and `type`:\n`INVALID_REQUEST` and `CHANNEL_NOT_SUPPORTED` (400), `UNAUTHORIZED` (401),\n`CONVERSATION_NOT_FOUND` (404), `REQUEST_TIMEOUT` (408), `VALIDATION_ERROR`,\n`INVALID_IMAGE_URL`, `IMAGE_FETCH_FAILED`, `IMAGE_FETCH_TIMEOUT`,\n`IMAGE_ADDRESS_BLOCKED`, `IMAGE_TOO_LARGE` and `UNSUPPORTED_IMAGE_TYPE` (422),\n`RATE_LIMIT_EXCEEDED` (429), `INTERNAL_ERROR` (500), `PROVIDER_ERROR` (502),\n`SERVICE_UNAVAILABLE` (503) and `GATEWAY_TIMEOUT` (504); and, only when a test asks\nfor it through the sandbox's faults, `FORBIDDEN` (403).\n",
        "examples": [
          "VALIDATION_ERROR",
          "RATE_LIMIT_EXCEEDED",
          "CARRIER_ERROR",
          "TWILIO_ERROR",
          "PHONE_NUMBER_NOT_FOUND",
          "INSUFFICIENT_BALANCE",
          "VALIDATION_ERROR_NUMBER_LIMIT",
          "INVALID_REQUEST",
          "CHANNEL_NOT_SUPPORTED",
          "UNAUTHORIZED",
          "FORBIDDEN",
          "CONVERSATION_NOT_FOUND",
          "REQUEST_TIMEOUT",
          "INVALID_IMAGE_URL",
          "IMAGE_FETCH_FAILED",
          "IMAGE_FETCH_TIMEOUT",
          "IMAGE_ADDRESS_BLOCKED",
          "IMAGE_TOO_LARGE",
          "UNSUPPORTED_IMAGE_TYPE",
          "INTERNAL_ERROR",
          "PROVIDER_ERROR",
          "SERVICE_UNAVAILABLE",
          "GATEWAY_TIMEOUT"
        ]
      },
      "ErrorDetail": {
        "type": "object",
        "required": [
          "field",
          "message",
          "type"
        ],
        "properties": {
          "field": {
            "type": "string",
            "description": "The field at fault, such as `image_url`."
          },
          "message": {
            "type": "string",
            "description": "What is wrong with it."
          },
          "type": {
            "type": "string",
            "description": "The kind of fault, such as `missing`, `string_type` or `too_large`."
          }
        }
      },
      "FastAPIError": {
        "type": "object",
        "description": "FastAPI's shape for an `HTTPException`, which AgentPhone's own clients read\n(`json.detail`): `{\"detail\": \"Not authenticated\"}`, say.\n",
        "required": [
          "detail"
        ],
        "properties": {
          "detail": {
            "type": "string"
          }
        }
      },
      "ErrorBody": {
        "description": "An error as the documents allow it, the envelope or FastAPI's shape.",
        "anyOf": [
          {
            "$ref": "#/components/schemas/ErrorEnvelope"
          },
          {
            "$ref": "#/components/schemas/FastAPIError"
          }
        ]
      },
      "HTTPValidationError": {
        "type": "object",
        "description": "FastAPI's validation error, the shape the generated API reference shows.",
        "required": [
          "detail"
        ],
        "properties": {
          "detail": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ValidationError"
            }
          }
        }
      },
      "ValidationError": {
        "type": "object",
        "required": [
          "loc",
          "msg",
          "type"
        ],
        "properties": {
          "loc": {
            "type": "array",
            "items": {
              "type": [
                "string",
                "integer"
              ]
            }
          },
          "msg": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        }
      }
    },
    "responses": {
      "ChannelNotSupported": {
        "description": "The conversation is not an iMessage conversation.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "channelNotSupported": {
                "summary": "An SMS conversation",
                "value": {
                  "error": {
                    "message": "Chat backgrounds are only supported on iMessage conversations; conv_sms is SMS.",
                    "code": "CHANNEL_NOT_SUPPORTED",
                    "type": "invalid_request_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "Unauthorized": {
        "description": "The API key is missing or not valid. FastAPI's `HTTPBearer` answers\n`{\"detail\": \"Not authenticated\"}`; the sandbox sends the envelope.\n",
        "headers": {
          "WWW-Authenticate": {
            "$ref": "#/components/headers/WWWAuthenticate"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "unauthorized": {
                "summary": "No or unknown API key",
                "value": {
                  "error": {
                    "message": "Missing or invalid API key. Send Authorization Bearer followed by your key.",
                    "code": "UNAUTHORIZED",
                    "type": "authentication_error",
                    "details": []
                  }
                }
              },
              "fastapi": {
                "summary": "FastAPI's shape",
                "value": {
                  "detail": "Not authenticated"
                }
              }
            }
          }
        }
      },
      "Forbidden": {
        "description": "A request without a key, as FastAPI's `HTTPBearer` answered it before 2025 (so the\nlive API may send this instead of 401), or a key not allowed this conversation.\nAgentPhone's chat-SDK adapter treats 401 and 403 alike. The sandbox sends it only\nwhen a test asks for it through its faults.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "fastapi": {
                "summary": "FastAPI's HTTPBearer without a key, before 2025",
                "value": {
                  "detail": "Not authenticated"
                }
              },
              "forbidden": {
                "summary": "The sandbox, when asked for a 403",
                "value": {
                  "error": {
                    "message": "Not authenticated.",
                    "code": "FORBIDDEN",
                    "type": "authentication_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "RequestTimeout": {
        "description": "The request was not received in time. The official SDK retries 408; the sandbox\nsends it when a request's body does not arrive within its request timeout.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "requestTimeout": {
                "summary": "The body did not arrive in time",
                "value": {
                  "error": {
                    "message": "The request was not received in time.",
                    "code": "REQUEST_TIMEOUT",
                    "type": "invalid_request_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "ConversationNotFound": {
        "description": "No such conversation, or it belongs to another account.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "conversationNotFound": {
                "summary": "Unknown conversation",
                "value": {
                  "error": {
                    "message": "Conversation conv_unknown was not found.",
                    "code": "CONVERSATION_NOT_FOUND",
                    "type": "not_found_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "SetValidationError": {
        "description": "The request body is not valid, or the image could not be downloaded or is not an\naccepted image. `details` names `image_url` and `code` says which failure. The\npublished reference shows FastAPI's `{\"detail\": [...]}` shape here, so it is\nadmitted too; the sandbox always sends the documented envelope.\n",
        "content": {
          "application/json": {
            "schema": {
              "anyOf": [
                {
                  "$ref": "#/components/schemas/ErrorEnvelope"
                },
                {
                  "$ref": "#/components/schemas/HTTPValidationError"
                },
                {
                  "$ref": "#/components/schemas/FastAPIError"
                }
              ]
            },
            "examples": {
              "invalidBody": {
                "summary": "The body is not valid",
                "value": {
                  "error": {
                    "message": "image_url: must be an absolute https URL of at most 2048 characters.",
                    "code": "VALIDATION_ERROR",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "must be an absolute https URL of at most 2048 characters.",
                        "type": "invalid"
                      }
                    ]
                  }
                }
              },
              "missingImageUrl": {
                "summary": "The body has no image_url",
                "value": {
                  "error": {
                    "message": "image_url: Field required.",
                    "code": "VALIDATION_ERROR",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "Field required.",
                        "type": "missing"
                      }
                    ]
                  }
                }
              },
              "notHttps": {
                "summary": "image_url is not an https URL",
                "value": {
                  "error": {
                    "message": "image_url: must be an absolute https URL.",
                    "code": "INVALID_IMAGE_URL",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "must be an absolute https URL.",
                        "type": "url_scheme"
                      }
                    ]
                  }
                }
              },
              "imageTooLarge": {
                "summary": "The image is over 10 MiB",
                "value": {
                  "error": {
                    "message": "image_url: the image is larger than 10485760 bytes.",
                    "code": "IMAGE_TOO_LARGE",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "the image is larger than 10485760 bytes.",
                        "type": "too_large"
                      }
                    ]
                  }
                }
              },
              "unsupportedImageType": {
                "summary": "The bytes are not JPEG, PNG, GIF, WebP or HEIC",
                "value": {
                  "error": {
                    "message": "image_url: the file is not a JPEG, PNG, GIF, WebP or HEIC image (found image/bmp).",
                    "code": "UNSUPPORTED_IMAGE_TYPE",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "the file is not a JPEG, PNG, GIF, WebP or HEIC image (found image/bmp).",
                        "type": "unsupported_type"
                      }
                    ]
                  }
                }
              },
              "imageFetchFailed": {
                "summary": "The image could not be downloaded",
                "value": {
                  "error": {
                    "message": "image_url: the image host answered HTTP 404.",
                    "code": "IMAGE_FETCH_FAILED",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "the image host answered HTTP 404.",
                        "type": "fetch_failed"
                      }
                    ]
                  }
                }
              },
              "imageAddressBlocked": {
                "summary": "The image host resolves to a private address",
                "value": {
                  "error": {
                    "message": "image_url: the host resolves to a non-public address (10.0.0.5).",
                    "code": "IMAGE_ADDRESS_BLOCKED",
                    "type": "validation_error",
                    "details": [
                      {
                        "field": "image_url",
                        "message": "the host resolves to a non-public address (10.0.0.5).",
                        "type": "address_blocked"
                      }
                    ]
                  }
                }
              },
              "fastapi": {
                "summary": "FastAPI's shape, as in the generated API reference",
                "value": {
                  "detail": [
                    {
                      "loc": [
                        "body",
                        "image_url"
                      ],
                      "msg": "Field required",
                      "type": "missing"
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "RemoveValidationError": {
        "description": "The request is not valid. The published reference lists this status; the sandbox\nhas nothing in a `DELETE` to reject, so it never sends it.\n",
        "content": {
          "application/json": {
            "schema": {
              "anyOf": [
                {
                  "$ref": "#/components/schemas/ErrorEnvelope"
                },
                {
                  "$ref": "#/components/schemas/HTTPValidationError"
                },
                {
                  "$ref": "#/components/schemas/FastAPIError"
                }
              ]
            },
            "examples": {
              "fastapi": {
                "summary": "FastAPI's shape, as in the generated API reference",
                "value": {
                  "detail": [
                    {
                      "loc": [
                        "path",
                        "conversation_id"
                      ],
                      "msg": "Field required",
                      "type": "missing"
                    }
                  ]
                }
              }
            }
          }
        }
      },
      "RateLimited": {
        "description": "Too many requests. Retry after the number of seconds in `Retry-After`.",
        "headers": {
          "Retry-After": {
            "$ref": "#/components/headers/RetryAfter"
          }
        },
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "rateLimited": {
                "summary": "Rate limited",
                "value": {
                  "error": {
                    "message": "Rate limit exceeded. Retry after 1 second.",
                    "code": "RATE_LIMIT_EXCEEDED",
                    "type": "rate_limit_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "InternalError": {
        "description": "The service failed. The guide lists 500 and the SDK retries it; in the sandbox it\nis a bug, or a fault a test asked for.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "internalError": {
                "summary": "The service failed",
                "value": {
                  "error": {
                    "message": "The sandbox failed unexpectedly; this is a bug in the sandbox.",
                    "code": "INTERNAL_ERROR",
                    "type": "api_error",
                    "details": []
                  }
                }
              },
              "fastapi": {
                "summary": "FastAPI's shape",
                "value": {
                  "detail": "Internal Server Error"
                }
              }
            }
          }
        }
      },
      "ProviderError": {
        "description": "The iMessage provider (the guide: \"upstream carrier error\") failed or timed out.\nNothing was changed. The guide names `CARRIER_ERROR` for this status (and its\ndeprecated predecessor `TWILIO_ERROR`); the sandbox sends `PROVIDER_ERROR`.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "providerError": {
                "summary": "The provider failed",
                "value": {
                  "error": {
                    "message": "The iMessage provider did not accept the change; nothing was changed.",
                    "code": "PROVIDER_ERROR",
                    "type": "upstream_error",
                    "details": []
                  }
                }
              },
              "carrierError": {
                "summary": "The code the guide names",
                "value": {
                  "error": {
                    "message": "Upstream carrier error.",
                    "code": "CARRIER_ERROR",
                    "type": "upstream_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "ServiceUnavailable": {
        "description": "The service is briefly unavailable. Safe to retry.",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "serviceUnavailable": {
                "summary": "Briefly unavailable",
                "value": {
                  "error": {
                    "message": "The service is briefly unavailable. Retry the request.",
                    "code": "SERVICE_UNAVAILABLE",
                    "type": "api_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      },
      "GatewayTimeout": {
        "description": "A gateway in front of the service gave up waiting. The guide's retry advice covers\n504 and the SDK retries it; the sandbox sends it only when a test asks for it\nthrough its faults.\n",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/ErrorBody"
            },
            "examples": {
              "gatewayTimeout": {
                "summary": "A gateway gave up",
                "value": {
                  "error": {
                    "message": "The service did not answer in time. Retry the request.",
                    "code": "GATEWAY_TIMEOUT",
                    "type": "api_error",
                    "details": []
                  }
                }
              }
            }
          }
        }
      }
    }
  }
} as const;

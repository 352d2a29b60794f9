/**
 * The request body size limit, in place of yoga's (`maxRequestBodySize`, turned off in server.ts).
 * Yoga passes every body through a TransformStream to count its bytes, even one whose
 * Content-Length it has checked: ~170 us of the ~200 us that yoga spent on a `{ __typename }`
 * request here (stream pipeline, AbortSignal, a DOMException per request). Node's HTTP parser
 * hands over exactly Content-Length bytes of a body, so checking that header is enough. A body
 * sent without one (chunked) is refused with 411 Length Required rather than counted: every
 * GraphQL client we know of (fetch, GraphiQL, our federation and FS node) sends the length.
 */
import { GraphQLError } from "graphql";
import { statusName } from "@dsp/core";

/** yoga's default limit. */
export const MAX_BODY_BYTES = 25_000_000;

const refusal = (status: number, message: string) =>
  new GraphQLError(message, { extensions: { code: 40000, codeName: statusName(40000), http: { status } } });

/** The yoga plugin. */
export function bodyLimit(max = MAX_BODY_BYTES) {
  return {
    onRequestParse({ request }: { request: Request }) {
      const length = request.headers.get("content-length");
      if (length === null) {
        if (request.body !== null) throw refusal(411, "a request body needs a Content-Length header");
        return;
      }
      // a malformed Content-Length never gets here: Node's HTTP parser answers it with 400 itself
      if (Number(length) > max) throw refusal(413, `request body of ${length} bytes is over the limit of ${max}`);
    },
  };
}

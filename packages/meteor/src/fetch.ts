/** `meteor/fetch`: the platform's WHATWG fetch (Node 20 and browsers both have it). */
export const fetch = globalThis.fetch.bind(globalThis);
export const Headers = globalThis.Headers;
export const Request = globalThis.Request;
export const Response = globalThis.Response;

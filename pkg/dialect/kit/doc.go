// Package kit holds what every dialect would otherwise write again: the
// bounds of a paged listing (Pager), RFC 8288 Link paging (LinkNext,
// SameOrigin) and cursor paging (CursorPage), the limits a vendor
// announces in rate-limit headers (RateLimit), the one way a test
// delivery is signed and sent (SendSample), and the placeholders of
// sample deliveries (Fill).
//
// A dialect written as a vendor file (pkg/dialect/filevendor) uses all of
// it; a Go dialect (pkg/dialect/trello, entrust, github, …) keeps only what
// is truly its own and calls the kit for the rest.
package kit

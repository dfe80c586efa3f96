// Package ui is imemu's web dashboard, served at /_mock/ui: apps, users and
// their friendship graph, the live request journal and event feed, faults,
// the clock, and a "Try it" form that signs and sends vendor requests.
//
// The dashboard is plain HTML, CSS and JavaScript modules embedded in the
// binary (assets/), with no build step and no third-party code: it works
// offline and needs no node. It talks only to the control plane (/_mock/*)
// and to the vendor routes of the server that serves it, sending the
// control token, when one is set, from the browser's session storage.
package ui

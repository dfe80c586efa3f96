package timapi

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/events"
	"github.com/imemu/imemu/internal/ratelimit"
	"github.com/imemu/imemu/internal/signature"
	"github.com/imemu/imemu/internal/store"
)

// DefaultCallbackTimeout bounds one callback delivery: the commonly quoted
// timeout of Tencent's callbacks (UNCONFIRMED in its docs).
const DefaultCallbackTimeout = 2 * time.Second

// Deps is what TIM handlers need, passed in by the server. Use it through a
// pointer and call Close when the server stops.
type Deps struct {
	Logger  *slog.Logger
	Store   *store.Store
	Clock   clock.Clock
	Limiter *ratelimit.Limiter // nil: --rate-limit off
	Events  *events.Feed
	AuthOff bool // --auth off: skip UserSig checks

	// CallbackClient posts callbacks to app backends; nil means a client
	// that follows no redirects, uses no proxy and keeps no idle
	// connections, so only the configured URL is ever called and nothing
	// lingers after Close.
	CallbackClient *http.Client
	// CallbackTimeout bounds each delivery; 0 means DefaultCallbackTimeout.
	CallbackTimeout time.Duration
	// Done, when closed, cancels deliveries in flight and drops later ones,
	// as Close does but without waiting for them; nil: only Close does.
	Done <-chan struct{}

	userSigs signature.Cache // UserSigs that verified: one parse per ticket, expiry checked on every use
	alerts   alerts          // calls per API and second, for Alert.RequestOverLimit

	mu      sync.Mutex
	closed  bool
	stop    context.Context // cancelled by Close; parent of every delivery
	cancel  context.CancelFunc
	client  *http.Client
	pending sync.WaitGroup
}

// Close cancels callback deliveries still in flight and waits until every
// delivery goroutine has returned; deliveries a later request would start
// are recorded as dropped instead. It is safe to call more than once.
func (d *Deps) Close() {
	d.shutdown()
	d.pending.Wait()
}

func (d *Deps) shutdown() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.cancel != nil {
		d.cancel()
	}
}

// startDelivery registers one delivery goroutine and returns the context
// it runs under, or false once Close was called.
func (d *Deps) startDelivery() (context.Context, *http.Client, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, nil, false
	}
	if d.stop == nil {
		d.stop, d.cancel = context.WithCancel(context.Background())
		if d.Done != nil {
			stop := d.stop
			go func() { // ends with Done or Close, whichever comes first
				select {
				case <-d.Done:
					d.shutdown()
				case <-stop.Done():
				}
			}()
		}
		d.client = d.CallbackClient
		if d.client == nil {
			d.client = &http.Client{
				Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
		}
	}
	d.pending.Add(1)
	return d.stop, d.client, true
}

func (d *Deps) callbackTimeout() time.Duration {
	if d.CallbackTimeout > 0 {
		return d.CallbackTimeout
	}
	return DefaultCallbackTimeout
}

func (d *Deps) publish(e events.Event) {
	if d.Events != nil {
		d.Events.Publish(e)
	}
}

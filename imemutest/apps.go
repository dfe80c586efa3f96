package imemutest

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/fixtures"
)

// AppSpec describes an app to create, as POST /_mock/apps takes it (the
// fixtures format). Every field is optional.
type AppSpec struct {
	// AppID is the ZEGO AppId or TIM SdkAppId; 0 picks an unused one.
	AppID uint64
	// Secret is the ZEGO ServerSecret or TIM key; empty generates one.
	Secret string
	// Admin is the TIM admin identifier; empty means "administrator".
	Admin string
	// CallbackURL is where a TIM app's callbacks go; empty sends none.
	CallbackURL string
	// Limits override the vendor's QPS and batch limits.
	Limits *imemu.Limits
	// Settings are a TIM app's relationship options: keeping friends on
	// block, the default AllowType, custom tags, the callback token.
	Settings *imemu.Settings
	// Users are registered (ZEGO) or imported (TIM) at creation.
	Users []fixtures.User
	// Friends are the initial friendships; two-way unless OneWay.
	Friends []fixtures.Friendship
	// Blocks are the initial blocks (From has blocked To).
	Blocks []fixtures.Block
	// Applications are the initial friend applications (default waiting).
	Applications []fixtures.Application
}

// Users turns user ids into AppSpec.Users.
func Users(ids ...string) []fixtures.User {
	out := make([]fixtures.User, len(ids))
	for i, id := range ids {
		out[i] = fixtures.User{ID: id}
	}
	return out
}

// App is an app as the control plane shows it. Its methods act on this
// app alone: its journal, its events, its faults, its state.
type App struct {
	Vendor      imemu.Vendor `json:"vendor"`
	AppID       uint64       `json:"appId"`
	Secret      string       `json:"secret"`      // ZEGO ServerSecret or TIM key
	Admin       string       `json:"admin"`       // TIM admin identifier; empty for ZEGO
	CallbackURL string       `json:"callbackUrl"` // TIM callback URL, or empty
	Limits      imemu.Limits `json:"limits"`
	// Settings are a TIM app's relationship options (zero: all default).
	Settings    imemu.Settings `json:"settings"`
	UserCount   int            `json:"userCount"`
	FriendCount int            `json:"friendCount"` // directed edges: a two-way friendship counts 2
	CreatedAt   time.Time      `json:"createdAt"`

	srv *Server
}

// Key returns "vendor/appId", as reset, state and snapshot answers list apps.
func (a App) Key() string { return fmt.Sprintf("%s/%d", a.Vendor, a.AppID) }

// ZegoApp is a ZEGO app made for one test, with helpers that sign its
// requests.
type ZegoApp struct {
	App
	t TB
}

// TIMApp is a TIM app made for one test, with helpers that make its
// UserSigs.
type TIMApp struct {
	App
	t TB
}

// NewZegoApp creates a ZEGO app with POST /_mock/apps and deletes it when t
// ends. Give each parallel test its own app: apps never see each other.
func (s *Server) NewZegoApp(t TB, spec AppSpec) *ZegoApp {
	t.Helper()
	if spec.Admin != "" || spec.CallbackURL != "" {
		t.Fatalf("imemutest: NewZegoApp: Admin and CallbackURL are TIM-only")
	}
	return &ZegoApp{App: s.createApp(t, imemu.VendorZego, spec), t: t}
}

// NewTIMApp creates a TIM app with POST /_mock/apps and deletes it when t
// ends. Give each parallel test its own app: apps never see each other.
func (s *Server) NewTIMApp(t TB, spec AppSpec) *TIMApp {
	t.Helper()
	return &TIMApp{App: s.createApp(t, imemu.VendorTIM, spec), t: t}
}

// newApp is POST /_mock/apps' body: the fixtures format, empty fields left
// out so that the server generates them.
type newApp struct {
	Vendor      imemu.Vendor          `json:"vendor"`
	AppID       uint64                `json:"appId,omitempty"`
	Secret      string                `json:"secret,omitempty"`
	Admin       string                `json:"admin,omitempty"`
	CallbackURL string                `json:"callbackUrl,omitempty"`
	Limits      *imemu.Limits         `json:"limits,omitempty"`
	Settings    *imemu.Settings       `json:"settings,omitempty"`
	Users       []fixtures.User       `json:"users,omitempty"`
	Friends     []fixtures.Friendship `json:"friends,omitempty"`

	Blocks       []fixtures.Block       `json:"blocks,omitempty"`
	Applications []fixtures.Application `json:"applications,omitempty"`
}

// ZegoApp returns a helper for an existing ZEGO app, e.g. the fixtures'
// 1234567890. Unlike NewZegoApp it does not delete the app when t ends.
func (s *Server) ZegoApp(t TB, appID uint64) *ZegoApp {
	t.Helper()
	return &ZegoApp{App: s.App(t, imemu.VendorZego, appID), t: t}
}

// TIMApp returns a helper for an existing TIM app, e.g. the fixtures'
// 1400000000. Unlike NewTIMApp it does not delete the app when t ends.
func (s *Server) TIMApp(t TB, appID uint64) *TIMApp {
	t.Helper()
	return &TIMApp{App: s.App(t, imemu.VendorTIM, appID), t: t}
}

func (s *Server) createApp(t TB, vendor imemu.Vendor, spec AppSpec) App {
	t.Helper()
	in := newApp{Vendor: vendor, AppID: spec.AppID, Secret: spec.Secret, Admin: spec.Admin,
		CallbackURL: spec.CallbackURL, Limits: spec.Limits, Settings: spec.Settings, Users: spec.Users, Friends: spec.Friends,
		Blocks: spec.Blocks, Applications: spec.Applications}
	var a App
	s.call(t, http.MethodPost, "/_mock/apps", nil, in, &a)
	a.srv = s
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
		defer cancel()
		// Gone already (the test deleted it, or reset the whole server) is fine.
		if err := s.do(ctx, http.MethodDelete, a.path(), nil, nil, nil); err != nil && !isNotFound(err) {
			t.Errorf("imemutest: deleting %s: %v", a.Key(), err)
		}
	})
	return a
}

func (a App) path() string { return fmt.Sprintf("/_mock/apps/%s/%d", a.Vendor, a.AppID) }

// Apps lists every app, fixtures and created ones, by vendor then app id.
func (s *Server) Apps(t TB) []App {
	t.Helper()
	var out struct{ Apps []App }
	s.call(t, http.MethodGet, "/_mock/apps", nil, nil, &out)
	for i := range out.Apps {
		out.Apps[i].srv = s
	}
	return out.Apps
}

// App returns one app; it fails t if there is none.
func (s *Server) App(t TB, vendor imemu.Vendor, appID uint64) App {
	t.Helper()
	a := App{Vendor: vendor, AppID: appID}
	s.call(t, http.MethodGet, a.path(), nil, nil, &a)
	a.srv = s
	return a
}

// DeleteApp deletes an app with its users and friendships; it fails t if
// there is none.
func (s *Server) DeleteApp(t TB, vendor imemu.Vendor, appID uint64) {
	t.Helper()
	s.call(t, http.MethodDelete, App{Vendor: vendor, AppID: appID}.path(), nil, nil, nil)
}

// Refresh returns the app as it is now (user and friend counts).
func (a App) Refresh(t TB) App {
	t.Helper()
	return a.srv.App(t, a.Vendor, a.AppID)
}

// Delete deletes the app now rather than when the test ends.
func (a App) Delete(t TB) {
	t.Helper()
	a.srv.DeleteApp(t, a.Vendor, a.AppID)
}

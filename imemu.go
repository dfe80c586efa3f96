// Package imemu holds the domain of the imemu emulator: tenants (vendor apps),
// their users and the directed friendship graph between them.
//
// The store and the vendor HTTP adapters under internal/ depend on these types;
// this package depends on nothing of theirs.
package imemu

import (
	"errors"
	"time"
)

// Vendor names an IM vendor whose server API imemu emulates.
type Vendor string

// The vendors imemu emulates.
const (
	VendorZego Vendor = "zego" // ZEGO ZIM server API
	VendorTIM  Vendor = "tim"  // Tencent Cloud IM REST API
)

// Valid reports whether v is a vendor imemu emulates.
func (v Vendor) Valid() bool { return v == VendorZego || v == VendorTIM }

// AppKey identifies a tenant: a vendor and that vendor's app id
// (ZEGO AppId, TIM SdkAppId).
type AppKey struct {
	Vendor Vendor
	AppID  uint64
}

// Tenant is one vendor app with its own credentials, limits and users.
// Tenants never see each other's data.
type Tenant struct {
	ID          int64  // store-assigned; stable for the tenant's lifetime
	Vendor      Vendor // zego or tim
	AppID       uint64 // ZEGO AppId (uint32 range) or TIM SdkAppId
	Secret      string // ZEGO ServerSecret or TIM key
	Admin       string // TIM app admin identifier; empty for ZEGO
	CallbackURL string // TIM callback URL; empty disables callbacks
	Limits      Limits
	Settings    Settings // relationship-chain options
	CreatedAt   time.Time
}

// Key returns the tenant's vendor and app id.
func (t Tenant) Key() AppKey { return AppKey{Vendor: t.Vendor, AppID: t.AppID} }

// Limits are a tenant's overrides of its vendor's default limits.
// A zero value means "the vendor's documented default".
type Limits struct {
	QPS      int            `json:"qps,omitempty"`      // per-API calls per second
	APIQPS   map[string]int `json:"apiQps,omitempty"`   // per-API overrides of QPS, by API name
	BatchMax int            `json:"batchMax,omitempty"` // max items per batch call
}

// QPSFor returns the calls-per-second limit of api, falling back to the
// tenant-wide QPS and then to def, the vendor's documented default.
func (l Limits) QPSFor(api string, def int) int {
	if q, ok := l.APIQPS[api]; ok && q > 0 {
		return q
	}
	if l.QPS > 0 {
		return l.QPS
	}
	return def
}

// BatchMaxOr returns the tenant's batch cap, or def when it has none.
func (l Limits) BatchMaxOr(def int) int {
	if l.BatchMax > 0 {
		return l.BatchMax
	}
	return def
}

// User is a registered (ZEGO) or imported (TIM) account of a tenant.
type User struct {
	ID        string
	Name      string // ZEGO UserName, TIM Nick
	Avatar    string // ZEGO UserAvatar, TIM FaceUrl
	Extra     string // ZEGO Extra: free-form data the app keeps on the user
	CreatedAt time.Time
}

// Attribute is one custom key/value on a friend edge (ZEGO Attributes
// k0..k4, TIM Tag_SNS_Custom_* items).
type Attribute struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Friend is a directed edge: Owner lists ID as a friend. A two-way
// friendship is two edges.
type Friend struct {
	Owner      string
	ID         string
	Remark     string   // ZEGO FriendAlias, TIM Remark
	Groups     []string // TIM friend groups
	AddSource  string   // TIM AddSource
	AddWording string   // ZEGO Wording, TIM AddWording
	Attributes []Attribute
	AddedAt    time.Time
}

// AppState is the whole state of one tenant: what fixtures load and what
// a state export returns.
type AppState struct {
	Tenant       Tenant
	Users        []User
	Friends      []Friend      // directed edges
	Blocks       []Block       // directed blocks
	Applications []Application // friend applications, whatever their state
	// Profiles holds the users whose Profile is not zero, ordered by id.
	Profiles []Profile
	// Groups lists friend groups by owner, each owner's in creation order.
	Groups []FriendGroup
}

// Domain errors returned by the store. Vendor adapters map them to their
// vendor's codes.
var (
	ErrAppNotFound  = errors.New("app not found")
	ErrAppExists    = errors.New("app already exists")
	ErrUserNotFound = errors.New("user not registered")
)

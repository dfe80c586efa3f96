package imemu

// DeleteOutcome is what deleting one target did.
type DeleteOutcome int

// The outcomes of deleting one friend.
const (
	Deleted       DeleteOutcome = iota // the owner's edge (and, two-way, the reverse one) is gone
	NotFriend                          // the target is registered but the owner does not list it
	NotRegistered                      // the target is not a user of the tenant
)

// String names the outcome for logs and tests.
func (o DeleteOutcome) String() string {
	switch o {
	case Deleted:
		return "deleted"
	case NotFriend:
		return "not a friend"
	case NotRegistered:
		return "not registered"
	}
	return "unknown"
}

// DeleteResult is the outcome for one target of a batch delete. Removed
// lists the directed edges that went away, in the order owner→target then
// target→owner, so callers can report them (TIM callbacks, ZEGO events).
type DeleteResult struct {
	Target  string
	Outcome DeleteOutcome
	Removed []Edge
}

// AddOutcome is what adding one friend did.
type AddOutcome int

// The outcomes of adding one friend.
const (
	Added               AddOutcome = iota // at least one new edge was created
	AlreadyFriend                         // every requested edge already existed; nothing changed
	TargetNotRegistered                   // the target is not a user of the tenant
	OwnerAtLimit                          // the owner already has the maximum number of friends
	TargetAtLimit                         // two-way: the target already has the maximum number of friends
	OwnerForbidden                        // verified add: the owner may not send friend requests (ForbidSendOut)
	TargetDenies                          // verified add: the target's AllowType is DenyAny
	TargetNeedsConfirm                    // verified add: the target's AllowType is NeedConfirm; a waiting application was recorded instead of an edge
	GroupLimit                            // the add names a group the owner cannot create: its group list is full
	OwnerBlocksTarget                     // the owner has blocked the target; nothing changed
	TargetBlocksOwner                     // the target has blocked the owner; nothing changed
	PendingLimit                          // verified add to a NeedConfirm target that already has the maximum of waiting requests
)

// String names the outcome for logs and tests.
func (o AddOutcome) String() string {
	switch o {
	case Added:
		return "added"
	case AlreadyFriend:
		return "already a friend"
	case TargetNotRegistered:
		return "not registered"
	case OwnerAtLimit:
		return "owner at friend limit"
	case TargetAtLimit:
		return "target at friend limit"
	case OwnerForbidden:
		return "owner may not send friend requests"
	case TargetDenies:
		return "target denies friend requests"
	case TargetNeedsConfirm:
		return "target must confirm"
	case GroupLimit:
		return "owner at friend-group limit"
	case OwnerBlocksTarget:
		return "owner blocks target"
	case TargetBlocksOwner:
		return "target blocks owner"
	case PendingLimit:
		return "target at pending-request limit"
	}
	return "unknown"
}

// AddResult is the outcome for one target of a batch add.
type AddResult struct {
	Target  string
	Outcome AddOutcome
	Created []Edge
}

// Edge is a directed friendship owner → friend, without its fields.
type Edge struct {
	Owner  string `json:"owner"`
	Friend string `json:"friend"`
}

// Relation says how an owner and a target are related.
type Relation struct {
	Target     string
	Registered bool // the target is a user of the tenant
	OwnerHas   bool // owner → target exists (the owner lists the target)
	TargetHas  bool // target → owner exists (the target lists the owner)
}

// RegisterOutcome is what registering one user did.
type RegisterOutcome int

// The outcomes of registering one user.
const (
	Registered    RegisterOutcome = iota // the user is new
	AlreadyExists                        // the user was registered before; nothing changed
)
